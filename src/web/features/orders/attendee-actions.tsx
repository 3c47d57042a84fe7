import { Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { IconChevronDown } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { useCancelAttendee, useResendAttendee, type Attendee } from './api';

/** Per attendee: resend the ticket or join e-mail, cancel the ticket (with a confirmation). */
export function AttendeeActions({ eventId, attendee }: { eventId: string; attendee: Attendee }) {
  const { t } = useTranslation();
  const [confirmOpen, confirm] = useDisclosure(false);
  const cancel = useCancelAttendee(eventId);
  const resend = useResendAttendee();
  const name = `${attendee.firstName} ${attendee.lastName}`;
  const active = attendee.status === 'active';

  const onResend = (kind: 'ticket' | 'join') =>
    resend.mutate(
      { attendeeId: attendee.id, kind },
      {
        onSuccess: (r) => (r.queued > 0 ? notifySuccess(t('orders.actions.resent', { email: attendee.email })) : notifySuccess(t('orders.actions.resendSkipped', { email: attendee.email }))),
        onError: (err) => notifyError(t('orders.actions.failed'), errorMessage(err, t)),
      },
    );
  const onCancel = () =>
    cancel.mutate(
      { attendeeId: attendee.id, orderId: attendee.orderId },
      {
        onSuccess: () => {
          confirm.close();
          notifySuccess(t('orders.actions.attendeeCancelled'));
        },
        onError: (err) => {
          confirm.close();
          notifyError(t('orders.actions.failed'), errorMessage(err, t));
        },
      },
    );

  if (!active) return null;
  return (
    <Group gap={6} wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} loading={resend.isPending} aria-label={t('orders.actions.resendLabel', { name })} data-testid="resend-menu">
            {t('orders.actions.resend')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onResend('ticket')}>{t('orders.actions.resendTicket')}</Menu.Item>
          <Menu.Item onClick={() => onResend('join')}>{t('orders.actions.resendJoin')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button size="xs" variant="subtle" color="red" onClick={confirm.open} aria-label={t('orders.actions.cancelAttendeeLabel', { name })} data-testid="cancel-attendee">
        {t('orders.actions.cancelAttendee')}
      </Button>
      <Modal opened={confirmOpen} onClose={confirm.close} title={t('orders.actions.cancelAttendeeTitle', { name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="lg">
          <Text>{t('orders.actions.cancelAttendeeText')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close} data-autofocus>
              {t('orders.actions.keep')}
            </Button>
            <Button color="red" onClick={onCancel} loading={cancel.isPending} data-testid="confirm-cancel-attendee">
              {t('orders.actions.cancelAttendee')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
