import '@mantine/core/styles/Progress.css';
import { Progress, Stack, Text } from '@mantine/core';

/**
 * A labelled progress bar for background work (registrations, resends, imports). The label is
 * the visible text and the bar's accessible name; a live region announces it as it changes.
 */
export function BulkProgress({ done, total, label, testId }: { done: number; total: number; label: string; testId?: string }) {
  const value = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 100;
  return (
    <Stack gap={6} data-testid={testId}>
      <Text size="sm" aria-live="polite">
        {label}
      </Text>
      <Progress value={value} size="lg" radius="sm" aria-label={label} striped={value < 100} animated={value < 100} />
    </Stack>
  );
}
