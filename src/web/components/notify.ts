import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n';

// Toasts with a labelled close button (Mantine's has no accessible name of its own).
const closeButtonProps = () => ({ 'aria-label': i18n.t('common.close') });

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, closeButtonProps: closeButtonProps() });
}

export function notifyError(title: string, message: string): void {
  notifications.show({ color: 'red', title, message, closeButtonProps: closeButtonProps(), autoClose: 8000 });
}
