import { Alert, Badge, Button, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from './public-app';
import { isApiError } from '../../api/client';
import type { EventFormat } from '../../api/types';
import { IconAlert } from '../../components/icons';
import type { OrderStatus, TicketStatus } from './api';

/**
 * A failure a buyer can act on, in their language where we can say more than the server.
 * (The buyer pages load only the `public` messages, so the app's errors.* are not there.)
 */
export function publicErrorMessage(err: unknown, t: TFunction): string {
  if (isApiError(err)) {
    if (err.status === 0) return t('public.errors.network');
    if (err.status < 500 && err.message) return err.message;
  }
  return t('public.errors.generic');
}

export { PageLoader } from './public-app';

/** A page that could not load: 404 says so plainly, anything else offers a retry. */
export function LoadError({ error, onRetry, notFoundText }: { error: unknown; onRetry: () => void; notFoundText: string }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 404) {
    return (
      <Stack gap="md" align="flex-start">
        <Title order={1}>{t('public.ui.notFoundTitle')}</Title>
        <Text>{notFoundText}</Text>
        <Button component={Link} to="/" variant="default">
          {t('public.ui.home')}
        </Button>
      </Stack>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={t('public.loadFailed')} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{publicErrorMessage(error, t)}</Text>
        <Button size="xs" variant="default" onClick={onRetry}>
          {t('public.ui.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

export function FormatBadge({ format }: { format: EventFormat }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="indigo" c="indigo.9" radius="sm">
      {t(`public.format.${format}`)}
    </Badge>
  );
}

// Light badges with dark text: 4.5:1 or more on their tinted background (Mantine's default light
// text, shade 6, is too pale; yellow has no shade dark enough, so it gets the body text colour).
const TEXT: Record<string, string> = { yellow: 'var(--mantine-color-text)', teal: 'teal.9', gray: 'gray.8', red: 'red.9' };
const ORDER_COLORS: Record<OrderStatus, string> = {
  awaiting_payment: 'yellow',
  on_hold: 'yellow',
  completed: 'teal',
  cancelled: 'gray',
  refunded: 'gray',
  partially_refunded: 'teal',
  expired: 'gray',
  failed: 'red',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={ORDER_COLORS[status]} c={TEXT[ORDER_COLORS[status]]} variant="light" radius="sm" data-testid="order-status">
      {t(`public.orderStatus.${status}`)}
    </Badge>
  );
}

const TICKET_COLORS: Record<TicketStatus, string> = { valid: 'teal', pending: 'yellow', cancelled: 'gray' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={TICKET_COLORS[status]} c={TEXT[TICKET_COLORS[status]]} variant="light" radius="sm" data-testid="ticket-status">
      {t(`public.ticketStatus.${status}`)}
    </Badge>
  );
}
