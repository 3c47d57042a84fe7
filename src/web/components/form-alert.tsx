import { Alert } from '@mantine/core';
import { IconAlert } from './icons';

/** The form-level error, announced by screen readers when it appears. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert" data-testid="form-error">
      {message}
    </Alert>
  );
}
