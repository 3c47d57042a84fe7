import { Alert, Anchor, Group, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useEvent } from '../events/api';
import { EventSectionHeader, eventPaths, useEventTitle } from '../dashboard/event-nav';
import { ORDER_STATUSES, PAYMENT_STATUSES, useOrders, type Order } from './api';
import { OrderStatusBadge, PaymentStatusBadge } from './order-badges';

export function OrdersPage() {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const { eventId = '' } = useParams();
  const title = useEventTitle(eventId);
  useDocumentTitle(title ? t('orders.list.docTitle', { title }) : t('orders.list.title'));
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const payment = params.get('payment') ?? '';
  const [query, setQuery] = useState('');
  const orders = useOrders(eventId, status);
  const timeZone = useEvent(eventId).data?.timeZone ?? 'UTC';

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const q = query.trim().toLowerCase();
  const shown = (orders.data ?? []).filter(
    (o) => (!payment || o.paymentStatus === payment) && (!q || `${o.buyer.firstName} ${o.buyer.lastName} ${o.buyer.email}`.toLowerCase().includes(q)),
  );
  const onHold = (orders.data ?? []).filter((o) => o.status === 'on_hold').length;

  return (
    <Stack gap="lg">
      <EventSectionHeader eventId={eventId} heading={t('orders.list.title')} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('orders.list.filterStatus')}
          data={[{ value: '', label: t('orders.list.filterAll') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))]}
          value={status}
          onChange={(v) => setParam('status', v)}
          allowDeselect={false}
          w={220}
          data-testid="filter-status"
        />
        <Select
          label={t('orders.list.paymentStatus')}
          data={[{ value: '', label: t('orders.list.filterAll') }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`orders.payment.${s}`) }))]}
          value={payment}
          onChange={(v) => setParam('payment', v)}
          allowDeselect={false}
          w={200}
        />
        <TextInput label={t('orders.list.search')} placeholder={t('orders.list.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={260} type="search" />
      </Group>
      {onHold > 0 && !status && (
        <Alert color="yellow" variant="light" data-testid="on-hold-notice">
          <Anchor component="button" type="button" onClick={() => setParam('status', 'on_hold')} size="sm">
            {t('orders.list.onHoldNotice', { count: onHold })}
          </Anchor>
        </Alert>
      )}
      {orders.isPending ? (
        <Skeleton height={200} role="status" aria-label={t('common.loading')} />
      ) : orders.isError ? (
        <QueryError title={t('orders.list.loadError')} error={orders.error} onRetry={() => void orders.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{orders.data.length === 0 && !status ? t('orders.list.empty') : t('orders.list.emptyFiltered')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('orders.list.count', { count: shown.length })}
          </Text>
          <OrdersTable eventId={eventId} orders={shown} timeZone={timeZone} locale={locale} />
        </>
      )}
    </Stack>
  );
}

function OrdersTable({ eventId, orders, timeZone, locale }: { eventId: string; orders: Order[]; timeZone: string; locale: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('orders.list.buyer')}</Table.Th>
            <Table.Th scope="col">{t('orders.list.placed')}</Table.Th>
            <Table.Th scope="col">{t('orders.list.state')}</Table.Th>
            <Table.Th scope="col">{t('orders.list.paymentStatus')}</Table.Th>
            <Table.Th scope="col" ta="end">
              {t('orders.list.total')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((o) => {
            const name = `${o.buyer.firstName} ${o.buyer.lastName}`;
            return (
              <Table.Tr key={o.id} data-order-id={o.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={eventPaths.order(eventId, o.id)} className="foyer-wrap" aria-label={t('orders.list.open', { name })}>
                    {name}
                  </Anchor>
                  <Text size="sm" c="dimmed" className="foyer-wrap">
                    {o.buyer.email}
                  </Text>
                </Table.Th>
                <Table.Td>
                  <time dateTime={o.createdAt}>{formatDateTime(o.createdAt, timeZone, locale, false)}</time>
                </Table.Td>
                <Table.Td>
                  <OrderStatusBadge status={o.status} />
                </Table.Td>
                <Table.Td>
                  <PaymentStatusBadge status={o.paymentStatus} />
                </Table.Td>
                <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(o.total, locale)}
                  {o.refunded.amount > 0 && (
                    <Text size="xs" c="dimmed">
                      −{formatMoney(o.refunded, locale)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

