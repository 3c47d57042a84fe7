import { Alert, Anchor, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, usePublicParams } from './public-app';
import { IconAlert, IconCheck, IconExternal, IconTicket } from '../../components/icons';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatMoney } from '../../lib/format';
import { publicApi, useResource, viewerTimeZone, type OrderStatus, type PublicOrder } from './api';
import { publicPaths } from './public-routes';
import { sessionRange, shortDateTime } from './public-format';
import { PublicShell } from './public-shell';
import { LoadError, OrderStatusBadge, PageLoader, TicketStatusBadge } from './shared';

const FINAL: readonly OrderStatus[] = ['completed', 'failed', 'expired', 'cancelled', 'refunded', 'partially_refunded'];
const REDIRECT_METHODS = ['stripe', 'paypal', 'payu'];

/** Waiting for a provider: poll quickly; on hold (manual payment): poll slowly until confirmed. */
const pollEvery = (o: PublicOrder) => (o.order.status === 'on_hold' ? 5000 : 2000);

function StatusPanel({ data }: { data: PublicOrder }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const { order } = data;
  const total = formatMoney(order.total, locale);
  switch (order.status) {
    case 'completed':
    case 'partially_refunded':
      return (
        <Alert color="teal" variant="light" icon={<IconCheck />} title={t('public.order.completedTitle')} role="status" data-testid="order-panel">
          {order.total.amount === 0 ? t('public.order.completedFree', { email: order.buyer.email }) : t('public.order.completedText', { email: order.buyer.email })}
        </Alert>
      );
    case 'on_hold':
      return (
        <Alert color="yellow" variant="light" icon={<IconAlert />} title={t('public.order.onHoldTitle')} role="status" data-testid="order-panel">
          <Stack gap="xs">
            <Text size="sm">{t('public.order.onHoldText', { amount: total })}</Text>
            <Text size="sm">
              {t('public.order.reference')}: <strong data-testid="order-reference">{order.id}</strong>
            </Text>
            <Text size="sm">{t('public.order.onHoldNext', { email: order.buyer.email })}</Text>
          </Stack>
        </Alert>
      );
    case 'awaiting_payment':
      return (
        <Alert color="yellow" variant="light" icon={<IconAlert />} title={t('public.order.awaitingTitle')} role="status" data-testid="order-panel">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {t('public.order.awaitingText')}
              {order.holdExpiresAt ? ` ${t('public.order.holdUntil', { date: shortDateTime(order.holdExpiresAt, viewerTimeZone(), locale) })}` : ''}
            </Text>
            {order.paymentUrl && (
              <Button component="a" href={order.paymentUrl} size="sm" rightSection={<IconExternal size={16} />}>
                {t('public.order.payNow', { amount: total })}
              </Button>
            )}
          </Stack>
        </Alert>
      );
    case 'failed':
    case 'expired':
    case 'cancelled':
    case 'refunded':
      return (
        <Alert color={order.status === 'failed' ? 'red' : 'gray'} variant="light" icon={<IconAlert />} title={t(`public.order.${order.status}Title`)} role="alert" data-testid="order-panel">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t(`public.order.${order.status}Text`)}</Text>
            {(order.status === 'failed' || order.status === 'expired') && data.event.status === 'published' && (
              <Button component={Link} to={publicPaths.checkout(data.event.slug)} size="sm" variant="default">
                {t('public.order.tryAgain')}
              </Button>
            )}
          </Stack>
        </Alert>
      );
  }
}

export function OrderView({ data }: { data: PublicOrder }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const zone = viewerTimeZone();
  const { order, event, tickets } = data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="sm" align="center">
          <Title order={1} fz={{ base: 24, sm: 30 }}>
            {t('public.order.title')}
          </Title>
          <OrderStatusBadge status={order.status} />
        </Group>
        <Anchor component={Link} to={publicPaths.event(event.slug)} className="foyer-wrap">
          {event.title}
        </Anchor>
        <Text size="sm" c="dimmed">
          {sessionRange(event.startsAt, event.endsAt, zone, locale)}
        </Text>
      </Stack>

      <StatusPanel data={data} />

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('public.order.summary')}
          </Title>
          <div className="foyer-summary-row">
            <Text>{t('public.order.total')}</Text>
            <Text fw={700} data-testid="order-total">
              {order.total.amount === 0 ? t('public.free') : formatMoney(order.total, locale)}
            </Text>
          </div>
          {order.refunded.amount > 0 && (
            <div className="foyer-summary-row">
              <Text>{t('public.order.refunded')}</Text>
              <Text>{formatMoney(order.refunded, locale)}</Text>
            </div>
          )}
          {order.total.amount > 0 && (
            <div className="foyer-summary-row">
              <Text>{t('public.order.paymentMethod')}</Text>
              <Text>{['manual', 'stripe', 'paypal', 'payu'].includes(order.paymentMethod) ? t(`public.payment.${order.paymentMethod as 'manual'}`) : order.paymentMethod}</Text>
            </div>
          )}
          <div className="foyer-summary-row">
            <Text>{t('public.order.buyer')}</Text>
            <Text ta="right" className="foyer-wrap">
              {order.buyer.firstName} {order.buyer.lastName}
              <br />
              {order.buyer.email}
            </Text>
          </div>
        </Stack>
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconTicket />
            <Title order={2} fz="lg">
              {t('public.order.tickets', { count: tickets.length })}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('public.order.ticketsHint')}
          </Text>
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {tickets.map((tk, i) => (
              <li key={tk.ticketToken} data-testid="order-ticket">
                {i > 0 && <Divider mb="sm" />}
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fw={600} className="foyer-wrap">
                      {tk.attendee.firstName} {tk.attendee.lastName}
                      {tk.attendee.isBuyer ? ` (${t('public.order.you')})` : ''}
                    </Text>
                    <Text size="sm" c="dimmed" className="foyer-wrap">
                      {tk.ticketType} · {tk.attendee.email}
                    </Text>
                  </Stack>
                  <Group gap="xs">
                    <TicketStatusBadge status={tk.status} />
                    <Button component={Link} to={publicPaths.ticket(tk.ticketToken)} size="xs" variant="light" aria-label={t('public.order.openTicketFor', { name: `${tk.attendee.firstName} ${tk.attendee.lastName}` })}>
                      {t('public.order.openTicket')}
                    </Button>
                  </Group>
                </Group>
              </li>
            ))}
          </Stack>
        </Stack>
      </Paper>
    </Stack>
  );
}

export function OrderPage() {
  const { t } = useTranslation();
  const { orderToken = '' } = usePublicParams();
  const { data, error, loading, reload } = useResource(orderToken, publicApi.order, {
    pollMs: pollEvery,
    poll: (o) => !FINAL.includes(o.order.status),
  });
  // Back from the provider's page: ask the provider now rather than wait for its notification,
  // and again every few polls while the payment is open (a delayed or lost notification).
  const polls = useRef(0);
  useEffect(() => {
    if (!data || data.order.status !== 'awaiting_payment' || !REDIRECT_METHODS.includes(data.order.paymentMethod)) return;
    if (polls.current++ % 3 !== 0) return;
    publicApi.refreshOrder(orderToken).then(reload, () => undefined);
  }, [data, orderToken, reload]);
  return (
    <PublicShell title={t('public.order.title')} organizer={data?.event.organizer?.name || undefined}>
      {data ? <OrderView data={data} /> : error ? <LoadError error={error} onRetry={reload} notFoundText={t('public.order.notFound')} /> : loading && <PageLoader />}
    </PublicShell>
  );
}
