import '@mantine/core/styles/Timeline.css';
import { Anchor, Badge, Button, Card, Group, Modal, NumberInput, Radio, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { IconArrowLeft } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatMoney, formatNumber, minorDigits } from '../../lib/format';
import { useEvent } from '../events/api';
import { EventSectionNav, eventPaths } from '../dashboard/event-nav';
import { ORDER_STATUSES, useOrder, useOrderAction, useRefund, type OrderAction, type OrderDetail } from './api';
import { AttendeeActions } from './attendee-actions';
import { OrderStatusBadge, PaymentStatusBadge, useMethodLabel } from './order-badges';

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { eventId = '', orderId = '' } = useParams();
  const order = useOrder(orderId);
  const name = order.data ? `${order.data.buyer.firstName} ${order.data.buyer.lastName}` : '';
  useDocumentTitle(order.data ? t('orders.detail.docTitle', { name }) : t('orders.list.title'));

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={eventPaths.orders(eventId)} size="sm" w="fit-content">
        <Group gap={4} wrap="nowrap" component="span">
          <IconArrowLeft size={16} />
          {t('orders.detail.back')}
        </Group>
      </Anchor>
      <EventSectionNav eventId={eventId} />
      {order.isPending ? (
        <Stack gap="md" role="status" aria-label={t('common.loading')}>
          <Skeleton height={36} width="50%" />
          <Skeleton height={160} />
        </Stack>
      ) : order.isError ? (
        <QueryError title={t('orders.detail.loadError')} error={order.error} onRetry={() => void order.refetch()} />
      ) : (
        <OrderView eventId={eventId} order={order.data} />
      )}
    </Stack>
  );
}

const isPaidOnce = (o: OrderDetail) => o.completedAt !== null && o.total.amount > 0;
const refundable = (o: OrderDetail) => isPaidOnce(o) && ['completed', 'partially_refunded', 'cancelled'].includes(o.status) && o.refunded.amount < o.total.amount;
const cancellable = (o: OrderDetail) => ['awaiting_payment', 'on_hold', 'completed', 'partially_refunded'].includes(o.status);

function OrderView({ eventId, order }: { eventId: string; order: OrderDetail }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const timeZone = useEvent(eventId).data?.timeZone ?? 'UTC';
  const methodLabel = useMethodLabel();
  const action = useOrderAction(eventId);
  const [pending, setPending] = useState<Exclude<OrderAction, 'confirm'> | null>(null);
  const [refundOpen, refund] = useDisclosure(false);
  const name = `${order.buyer.firstName} ${order.buyer.lastName}`;

  const run = (a: OrderAction, reason?: string) =>
    action.mutate(
      { orderId: order.id, action: a, reason },
      {
        onSuccess: () => {
          setPending(null);
          notifySuccess(t(a === 'confirm' ? 'orders.actions.confirmed' : a === 'reject' ? 'orders.actions.rejected' : 'orders.actions.orderCancelled'));
        },
        onError: (err) => {
          setPending(null);
          notifyError(t('orders.actions.failed'), errorMessage(err, t));
        },
      },
    );

  const source = order.source === 'checkout' || order.source === 'import' || order.source === 'organizer' ? t(`orders.detail.sourceValue.${order.source}`) : order.source;

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={8} miw={0} style={{ flex: '1 1 320px' }}>
          <Title order={1} className="foyer-wrap">
            {t('orders.detail.title', { name })}
          </Title>
          <Text c="dimmed" className="foyer-wrap">
            {order.buyer.email}
          </Text>
          <Group gap="xs">
            <OrderStatusBadge status={order.status} />
            {/* "Refunded" twice says nothing more: the payment badge only when it adds something. */}
            {order.paymentStatus !== order.status && <PaymentStatusBadge status={order.paymentStatus} />}
          </Group>
        </Stack>
        <Group gap="sm">
          {order.status === 'on_hold' && (
            <>
              <Button color="green" onClick={() => run('confirm')} loading={action.isPending && action.variables?.action === 'confirm'} data-testid="confirm-order">
                {t('orders.actions.confirm')}
              </Button>
              <Button variant="outline" color="red" onClick={() => setPending('reject')} data-testid="reject-order">
                {t('orders.actions.reject')}
              </Button>
            </>
          )}
          {refundable(order) && (
            <Button variant="outline" onClick={refund.open} data-testid="refund-order">
              {t('orders.actions.refund')}
            </Button>
          )}
          {cancellable(order) && order.status !== 'on_hold' && (
            <Button variant="outline" color="red" onClick={() => setPending('cancel')} data-testid="cancel-order">
              {t('orders.actions.cancelOrder')}
            </Button>
          )}
          {order.status === 'on_hold' && (
            <Button variant="subtle" color="red" onClick={() => setPending('cancel')} data-testid="cancel-order">
              {t('orders.actions.cancelOrder')}
            </Button>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder radius="md" padding="lg">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" component="dl" m={0}>
            <Fact label={t('orders.detail.placed')}>{formatDateTime(order.createdAt, timeZone, locale)}</Fact>
            <Fact label={t('orders.detail.method')}>{methodLabel(order.paymentMethod)}</Fact>
            {order.completedAt && <Fact label={t('orders.detail.completedAt')}>{formatDateTime(order.completedAt, timeZone, locale)}</Fact>}
            {order.holdExpiresAt && ['awaiting_payment', 'on_hold'].includes(order.status) && (
              <Fact label={t('orders.detail.holdExpires')}>{formatDateTime(order.holdExpiresAt, timeZone, locale)}</Fact>
            )}
            <Fact label={t('orders.detail.source')}>{source}</Fact>
          </SimpleGrid>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={2} fz="h4" mb="sm" id="order-money">
            {t('orders.detail.money')}
          </Title>
          <Table aria-labelledby="order-money" data-testid="order-money">
            <Table.Tbody>
              <MoneyRow label={t('orders.detail.subtotal')} value={formatMoney(order.subtotal, locale)} />
              {order.discount.amount > 0 && <MoneyRow label={t('orders.detail.discount')} value={`−${formatMoney(order.discount, locale)}`} />}
              <MoneyRow label={t('orders.detail.total')} value={formatMoney(order.total, locale)} strong />
              <MoneyRow label={t('orders.detail.fee')} value={formatMoney(order.fee, locale)} />
              {order.refunded.amount > 0 && <MoneyRow label={t('orders.detail.refunded')} value={`−${formatMoney(order.refunded, locale)}`} testId="order-refunded" />}
              <MoneyRow label={t('orders.detail.net')} value={formatMoney(order.net, locale)} strong />
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>

      {order.billing && Object.keys(order.billing).length > 0 && (
        <Section id="order-billing" title={t('orders.detail.billing')}>
          <Card withBorder radius="md" padding="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0}>
              {Object.entries(order.billing).map(([k, v]) => (
                <Fact key={k} label={k}>
                  {v}
                </Fact>
              ))}
            </SimpleGrid>
          </Card>
        </Section>
      )}

      <Section id="order-items" title={t('orders.detail.items')}>
        <Table.ScrollContainer minWidth={420}>
          <Table aria-labelledby="order-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('orders.detail.ticketType')}</Table.Th>
                <Table.Th scope="col">{t('orders.detail.quantity')}</Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('orders.detail.unitPrice')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.items.map((it, i) => (
                <Table.Tr key={i}>
                  <Table.Td className="foyer-wrap">{it.ticketTypeName}</Table.Td>
                  <Table.Td>{formatNumber(it.quantity, locale)}</Table.Td>
                  <Table.Td ta="end">{formatMoney(it.unitPrice, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>

      <Section id="order-attendees" title={t('orders.detail.attendees')}>
        <Table.ScrollContainer minWidth={720}>
          <Table aria-labelledby="order-attendees" verticalSpacing="xs" data-testid="order-attendees">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('orders.detail.name')}</Table.Th>
                <Table.Th scope="col">{t('orders.detail.ticket')}</Table.Th>
                <Table.Th scope="col">{t('orders.detail.registration')}</Table.Th>
                <Table.Th scope="col">{t('orders.detail.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.attendees.map((a) => (
                <Table.Tr key={a.id} data-attendee-email={a.email}>
                  <Table.Th scope="row" fw={500}>
                    <Group gap={6}>
                      <span className="foyer-wrap">{`${a.firstName} ${a.lastName}`}</span>
                      {a.isBuyer && (
                        <Badge size="sm" variant="outline" color="gray" c="gray.8" tt="none">
                          {t('orders.detail.buyerBadge')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed" className="foyer-wrap">
                      {a.email}
                    </Text>
                  </Table.Th>
                  <Table.Td data-testid="ticket-status">{ticketStatusLabel(t, a.ticketStatus)}</Table.Td>
                  <Table.Td>
                    <RegistrationCell status={a.registrationStatus} errors={(a.registrations ?? []).map((r) => r.lastError).filter((e): e is string => !!e)} />
                  </Table.Td>
                  <Table.Td>
                    <AttendeeActions eventId={eventId} attendee={a} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section id="order-history" title={t('orders.detail.history')}>
          <Timeline bulletSize={14} lineWidth={2} active={order.transitions.length - 1} data-testid="order-history">
            {order.transitions.map((tr, i) => (
              <Timeline.Item
                key={i}
                title={tr.from ? t('orders.detail.historyEntry', { from: statusLabel(t, tr.from), to: statusLabel(t, tr.to) }) : t('orders.detail.created', { to: statusLabel(t, tr.to) })}
              >
                <Text size="sm" c="dimmed">
                  <time dateTime={tr.at}>{formatDateTime(tr.at, timeZone, locale)}</time> · {actorLabel(t, tr.actorType)}
                </Text>
                {tr.reason && (
                  <Text size="sm" className="foyer-wrap">
                    {reasonLabel(t, tr.reason)}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        </Section>
        {order.refunds.length > 0 && (
          <Section id="order-refunds" title={t('orders.detail.refunds')}>
            <Table aria-labelledby="order-refunds" data-testid="order-refunds">
              <Table.Tbody>
                {order.refunds.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{formatDateTime(r.createdAt, timeZone, locale)}</Table.Td>
                    <Table.Td ta="end">{formatMoney(r.amount, locale)}</Table.Td>
                    <Table.Td>{r.status === 'pending' || r.status === 'succeeded' || r.status === 'failed' ? t(`orders.detail.refundStatus.${r.status}`) : r.status}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        )}
      </SimpleGrid>

      <ReasonModal
        action={pending}
        onClose={() => setPending(null)}
        onSubmit={(reason) => pending && run(pending, reason)}
        busy={action.isPending}
      />
      {refundOpen && <RefundModal eventId={eventId} order={order} onClose={refund.close} />}
    </Stack>
  );
}

// TFunction itself: deriving it from useTranslation is too deep for tsc once the messages grow.
type T = import('i18next').TFunction;
const statusLabel = (t: T, s: string) => ((ORDER_STATUSES as readonly string[]).includes(s) ? t(`orders.status.${s as (typeof ORDER_STATUSES)[number]}`) : s);
const actorLabel = (t: T, a: string) => (a === 'buyer' || a === 'member' || a === 'system' || a === 'provider' ? t(`orders.detail.actor.${a}`) : a);
// Reasons Foyer itself writes (the organiser's own words are shown as typed).
const SYSTEM_REASONS = {
  checkout: 'checkout',
  'manual payment awaits confirmation': 'manualAwaits',
  'payment confirmed by organiser': 'confirmed',
  'payment rejected by organiser': 'rejected',
  'cancelled by organiser': 'cancelled',
  refund: 'refund',
  'last attendee cancelled': 'lastAttendee',
  'seat hold expired without payment': 'holdExpired',
  'imported from CSV': 'imported',
} as const;
const reasonLabel = (t: T, r: string) => (Object.hasOwn(SYSTEM_REASONS, r) ? t(`orders.detail.reasons.${SYSTEM_REASONS[r as keyof typeof SYSTEM_REASONS]}`) : r);
const ticketStatusLabel = (t: T, s: string) => (s === 'valid' || s === 'pending' || s === 'cancelled' ? t(`orders.detail.ticketStatus.${s}`) : s);

export function RegistrationCell({ status, errors }: { status?: string; errors: string[] }) {
  const { t } = useTranslation();
  if (!status || status === 'none') return <Text c="dimmed">—</Text>;
  const label = status === 'pending' || status === 'registered' || status === 'failed' || status === 'cancelled' ? t(`orders.detail.registrationStatus.${status}`) : status;
  return (
    <Stack gap={2}>
      <Text size="sm" c={status === 'failed' ? 'red.8' : undefined} fw={status === 'failed' ? 600 : undefined}>
        {label}
      </Text>
      {status === 'failed' &&
        errors.map((e, i) => (
          <Text key={i} size="xs" c="red.9" className="foyer-wrap">
            {e}
          </Text>
        ))}
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} fz="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" fw={600} c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} className="foyer-wrap">
        {children}
      </Text>
    </div>
  );
}

function MoneyRow({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 400}>
        {label}
      </Table.Th>
      <Table.Td ta="end" fw={strong ? 700 : 400} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}

function ReasonModal({ action, onClose, onSubmit, busy }: { action: 'reject' | 'cancel' | null; onClose: () => void; onSubmit: (reason?: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const reject = action === 'reject';
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={reject ? t('orders.actions.rejectTitle') : t('orders.actions.cancelOrderTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        <Text>{reject ? t('orders.actions.rejectText') : t('orders.actions.cancelOrderText')}</Text>
        <Textarea label={t('orders.actions.reason')} description={t('orders.actions.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={1000} autosize minRows={2} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('orders.actions.keep')}
          </Button>
          <Button color="red" onClick={() => onSubmit(reason.trim() || undefined)} loading={busy} data-testid="confirm-order-action">
            {reject ? t('orders.actions.reject') : t('orders.actions.cancelOrder')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The locale's decimal mark ("," in Polish and Russian), so amounts are typed as people write them. */
function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** Full or partial refund; the amount is typed in major units of the order's currency. */
function RefundModal({ eventId, order, onClose }: { eventId: string; order: OrderDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const refundMut = useRefund(eventId);
  const [mode, setMode] = useState<'full' | 'partial'>('full');
  const digits = minorDigits(order.currency);
  const remaining = order.total.amount - order.refunded.amount;
  const remainingMoney = { amount: remaining, currency: order.currency };
  const [major, setMajor] = useState<number | string>('');
  const [error, setError] = useState<string | null>(null);
  // The input reports a string while the number is incomplete or keeps trailing zeros ("10.50").
  const typed = typeof major === 'number' ? major : major.trim() === '' ? NaN : Number(major.replace(decimalSeparator(locale), '.'));
  const minor = Number.isFinite(typed) ? Math.round(typed * 10 ** digits) : NaN;
  const amount = mode === 'full' ? remaining : minor;
  const valid = mode === 'full' || (Number.isFinite(minor) && minor >= 1 && minor <= remaining);

  const submit = () => {
    if (!valid) {
      setError(t('orders.actions.refundInvalid', { min: formatMoney({ amount: 1, currency: order.currency }, locale), max: formatMoney(remainingMoney, locale) }));
      return;
    }
    refundMut.mutate(
      // A full refund sends no amount: the server refunds whatever is left, whatever happened meanwhile.
      { orderId: order.id, amount: mode === 'full' ? undefined : amount },
      {
        onSuccess: () => {
          notifySuccess(t('orders.actions.refunded', { amount: formatMoney({ amount, currency: order.currency }, locale) }));
          onClose();
        },
        onError: (err) => setError(errorMessage(err, t)),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('orders.actions.refundTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Radio.Group value={mode} onChange={(v) => setMode(v as 'full' | 'partial')} aria-label={t('orders.actions.refundTitle')}>
          <Stack gap="xs">
            <Radio value="full" label={t('orders.actions.refundFull', { amount: formatMoney(remainingMoney, locale) })} data-testid="refund-full" />
            <Radio value="partial" label={t('orders.actions.refundPartial')} data-testid="refund-partial" />
          </Stack>
        </Radio.Group>
        {mode === 'partial' && (
          <NumberInput
            label={t('orders.actions.refundAmount', { currency: order.currency })}
            description={t('orders.actions.refundMax', { amount: formatMoney(remainingMoney, locale) })}
            value={major}
            onChange={(v) => {
              setMajor(v);
              setError(null);
            }}
            min={0}
            max={remaining / 10 ** digits}
            decimalScale={digits}
            fixedDecimalScale={false}
            allowNegative={false}
            clampBehavior="none"
            decimalSeparator={decimalSeparator(locale)}
            error={error ?? undefined}
            data-autofocus
            data-testid="refund-amount"
          />
        )}
        {mode === 'full' && error && (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={refundMut.isPending} data-testid="submit-refund">
            {t('orders.actions.refundSubmit', { amount: valid && Number.isFinite(amount) ? formatMoney({ amount, currency: order.currency }, locale) : '…' })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
