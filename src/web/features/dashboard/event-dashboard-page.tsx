import '@mantine/core/styles/Progress.css';
import { Alert, Anchor, Button, Card, Code, Group, Modal, Progress, Radio, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { IconAlert } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { ORDER_STATUSES } from '../orders/api';
import {
  useDrift,
  useEventStats,
  useRegistrations,
  useRepairDrift,
  useResendAll,
  useResendProgress,
  useRetryRegistrations,
  type Drift,
  type EventStats,
  type Registration,
  type ResendJob,
  type ResendKind,
} from './api';
import { BulkProgress } from './bulk-progress';
import { EventSectionHeader, eventPaths, useEventTitle } from './event-nav';
import { SalesChart } from './sales-chart';

export function EventDashboardPage() {
  const { t } = useTranslation();
  const { eventId = '' } = useParams();
  const title = useEventTitle(eventId);
  useDocumentTitle(title ? t('dashboard.docTitle', { title }) : t('dashboard.title'));
  const stats = useEventStats(eventId);

  return (
    <Stack gap="xl">
      <EventSectionHeader
        eventId={eventId}
        heading={t('dashboard.title')}
        actions={
          <Button variant="default" onClick={() => void stats.refetch()} loading={stats.isFetching && !stats.isPending}>
            {t('dashboard.refresh')}
          </Button>
        }
      />
      {stats.isPending ? (
        <Stack gap="md" role="status" aria-label={t('common.loading')}>
          <Skeleton height={90} />
          <Skeleton height={200} />
        </Stack>
      ) : stats.isError ? (
        <QueryError title={t('dashboard.loadError')} error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <Cards stats={stats.data} />
          <Section id="dash-tickets" title={t('dashboard.tickets.heading')}>
            <TicketTypes stats={stats.data} />
          </Section>
          <Section id="dash-revenue" title={t('dashboard.revenue.heading')}>
            <Revenue stats={stats.data} />
          </Section>
          <Section id="dash-chart" title={t('dashboard.chart.heading')}>
            <Card withBorder radius="md" padding="md">
              <SalesChart rows={stats.data.salesPerDay} />
            </Card>
          </Section>
          <Section id="dash-orders" title={t('dashboard.ordersByState.heading')}>
            <OrdersByState eventId={eventId} orders={stats.data.orders} />
          </Section>
        </>
      )}
      <Section id="dash-sync" title={t('dashboard.sync.heading')}>
        <RegistrationSync eventId={eventId} />
      </Section>
      <Section id="dash-drift" title={t('dashboard.drift.heading')}>
        <DriftPanel eventId={eventId} />
      </Section>
      <Section id="dash-bulk" title={t('dashboard.bulk.heading')}>
        <BulkActions eventId={eventId} />
      </Section>
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

function Cards({ stats }: { stats: EventStats }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const sold = stats.ticketTypes.reduce((s, x) => s + x.sold, 0);
  const pending = stats.ticketTypes.reduce((s, x) => s + x.pending, 0);
  const capacities = stats.ticketTypes.map((x) => x.capacity);
  const typeCapacity = capacities.length && capacities.every((c) => c !== null) ? capacities.reduce((s, c) => s! + c!, 0)! : null;
  const capacity = stats.capacity ?? typeCapacity;
  const card = (label: string, value: string, sub: string | null, testId: string) => (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {sub && (
        <Text size="sm" c="dimmed">
          {sub}
        </Text>
      )}
    </Card>
  );
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      {card(t('dashboard.cards.sold'), formatNumber(sold, locale), capacity !== null ? t('dashboard.cards.soldOf', { capacity: formatNumber(capacity, locale) }) : null, 'card-sold')}
      {card(t('dashboard.cards.pending'), formatNumber(pending, locale), null, 'card-pending')}
      {card(t('dashboard.cards.attendees'), formatNumber(stats.attendees.active, locale), null, 'card-attendees')}
      {card(t('dashboard.cards.paidOrders'), formatNumber(stats.attendees.orders, locale), null, 'card-orders')}
    </SimpleGrid>
  );
}

function TicketTypes({ stats }: { stats: EventStats }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  if (!stats.ticketTypes.length) return <Text c="dimmed">{t('dashboard.tickets.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" aria-labelledby="dash-tickets" data-testid="ticket-type-stats">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.tickets.name')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.tickets.sold')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.tickets.pending')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.tickets.capacity')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.tickets.remaining')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stats.ticketTypes.map((tt) => (
            <Table.Tr key={tt.id} data-testid={`tt-${tt.id}`}>
              <Table.Th scope="row" fw={500} className="foyer-wrap">
                {tt.name}
                {tt.capacity !== null && (
                  <Progress
                    mt={6}
                    size="sm"
                    value={tt.capacity ? Math.min(100, (tt.sold / tt.capacity) * 100) : 0}
                    aria-label={t('dashboard.tickets.bar', { name: tt.name, sold: formatNumber(tt.sold, locale), capacity: formatNumber(tt.capacity, locale) })}
                  />
                )}
              </Table.Th>
              <Table.Td data-testid="tt-sold">{formatNumber(tt.sold, locale)}</Table.Td>
              <Table.Td>{formatNumber(tt.pending, locale)}</Table.Td>
              <Table.Td>{tt.capacity === null ? t('dashboard.tickets.unlimited') : formatNumber(tt.capacity, locale)}</Table.Td>
              <Table.Td>{tt.remaining === null ? '—' : formatNumber(tt.remaining, locale)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Revenue({ stats }: { stats: EventStats }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  if (!stats.revenue.length) return <Text c="dimmed">{t('dashboard.revenue.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" aria-labelledby="dash-revenue" data-testid="revenue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.revenue.currency')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.revenue.orders')}</Table.Th>
            <Table.Th scope="col" ta="end">{t('dashboard.revenue.gross')}</Table.Th>
            <Table.Th scope="col" ta="end">{t('dashboard.revenue.fee')}</Table.Th>
            <Table.Th scope="col" ta="end">{t('dashboard.revenue.refunded')}</Table.Th>
            <Table.Th scope="col" ta="end">{t('dashboard.revenue.net')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stats.revenue.map((r) => (
            <Table.Tr key={r.currency}>
              <Table.Th scope="row">{r.currency}</Table.Th>
              <Table.Td>{formatNumber(r.orders, locale)}</Table.Td>
              <Table.Td ta="end">{formatMoney(r.gross, locale)}</Table.Td>
              <Table.Td ta="end">{formatMoney(r.fee, locale)}</Table.Td>
              <Table.Td ta="end">{formatMoney(r.refunded, locale)}</Table.Td>
              <Table.Td ta="end" fw={700}>
                {formatMoney(r.net, locale)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OrdersByState({ eventId, orders }: { eventId: string; orders: Record<string, number> }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const total = Object.values(orders).reduce((s, n) => s + n, 0);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="orders-by-state">
      {ORDER_STATUSES.map((s) => (
        <Card key={s} component="li" withBorder radius="md" padding="sm">
          <Anchor component={Link} to={`${eventPaths.orders(eventId)}?status=${s}`} size="sm" fw={600}>
            {t(`orders.status.${s}`)}
          </Anchor>
          <Text fz="xl" fw={700} data-testid={`orders-${s}`}>
            {formatNumber(orders[s] ?? 0, locale)}
          </Text>
        </Card>
      ))}
      <Card component="li" withBorder radius="md" padding="sm" bg="var(--mantine-color-gray-0)">
        <Text size="sm" fw={600}>
          {t('dashboard.ordersByState.total')}
        </Text>
        <Text fz="xl" fw={700}>
          {formatNumber(total, locale)}
        </Text>
      </Card>
    </SimpleGrid>
  );
}

function RegistrationSync({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const regs = useRegistrations(eventId);
  const retry = useRetryRegistrations(eventId);

  if (regs.isPending) return <Skeleton height={80} />;
  if (regs.isError) return <QueryError title={t('dashboard.loadError')} error={regs.error} onRetry={() => void regs.refetch()} />;
  const { summary, data } = regs.data;
  if (summary.total === 0 && data.length === 0) return <Text c="dimmed">{t('dashboard.sync.none')}</Text>;
  const failed = data.filter((r) => r.status === 'failed');
  const onRetry = (ids?: string[]) =>
    retry.mutate(ids, {
      onSuccess: (r) => notifySuccess(t('dashboard.sync.retried', { count: r.retried })),
      onError: (err) => notifyError(t('dashboard.sync.retryError'), errorMessage(err, t)),
    });
  const statuses = ['registered', 'pending', 'failed', 'cancel_pending', 'cancelled'] as const;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="sync-counts">
        {statuses.map((s) => (
          <Card key={s} component="li" withBorder radius="md" padding="sm">
            <Text size="sm" fw={600} c={s === 'failed' && summary.failed > 0 ? 'red.8' : undefined}>
              {t(`dashboard.sync.status.${s}`)}
            </Text>
            <Text fz="xl" fw={700} data-testid={`sync-${s}`}>
              {formatNumber(summary[s], locale)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {summary.total > 0 && (
        <BulkProgress
          testId="sync-progress"
          done={summary.registered}
          total={summary.total}
          label={
            summary.pending > 0
              ? t('dashboard.sync.progress', { done: formatNumber(summary.registered, locale), total: formatNumber(summary.total, locale) })
              : summary.registered === summary.total
                ? t('dashboard.sync.progressDone', { total: formatNumber(summary.total, locale) })
                : t('dashboard.sync.progress', { done: formatNumber(summary.registered, locale), total: formatNumber(summary.total, locale) })
          }
        />
      )}
      {failed.length > 0 && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} fz="h4" id="dash-sync-failed">
              {t('dashboard.sync.failedHeading')}
            </Title>
            <Button color="red" variant="light" onClick={() => onRetry()} loading={retry.isPending} data-testid="retry-all">
              {t('dashboard.sync.retryAll', { count: failed.length })}
            </Button>
          </Group>
          <FailedTable rows={failed} onRetry={(id) => onRetry([id])} busy={retry.isPending} />
        </Stack>
      )}
    </Stack>
  );
}

function FailedTable({ rows, onRetry, busy }: { rows: Registration[]; onRetry: (id: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" aria-labelledby="dash-sync-failed" data-testid="failed-registrations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.sync.attendee')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.sync.error')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.sync.attempts')}</Table.Th>
            <Table.Th scope="col">{t('dashboard.sync.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const name = `${r.firstName} ${r.lastName}`;
            return (
              <Table.Tr key={r.id}>
                <Table.Th scope="row" fw={500} className="foyer-wrap">
                  {name}
                  <Text size="sm" c="dimmed" className="foyer-wrap">
                    {r.email}
                  </Text>
                </Table.Th>
                <Table.Td className="foyer-wrap">
                  <Text size="sm" c="red.9">
                    {r.lastError ?? t('dashboard.sync.noMessage')}
                  </Text>
                </Table.Td>
                <Table.Td>{formatNumber(r.attempts, locale)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => onRetry(r.id)} disabled={busy} aria-label={t('dashboard.sync.retryOne', { name })}>
                    {t('dashboard.sync.retry')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const DRIFT_KINDS = ['registrant_missing', 'registrant_unknown', 'registrant_cancelled', 'conference_updated', 'conference_deleted'] as const;
type DriftKind = (typeof DRIFT_KINDS)[number];
const isDriftKind = (k: string): k is DriftKind => (DRIFT_KINDS as readonly string[]).includes(k);

function DriftPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const drift = useDrift(eventId);
  const repair = useRepairDrift(eventId);
  const stats = useEventStats(eventId);
  const timeZone = stats.data?.timeZone ?? 'UTC';

  if (drift.isPending) return <Skeleton height={60} />;
  if (drift.isError) return <QueryError title={t('dashboard.loadError')} error={drift.error} onRetry={() => void drift.refetch()} />;
  if (!drift.data.length) return <Text c="dimmed">{t('dashboard.drift.none')}</Text>;

  const kindLabel = (d: Drift) => (isDriftKind(d.kind) ? t(`dashboard.drift.kind.${d.kind}`) : d.kind);
  const onRepair = (ids?: string[]) =>
    repair.mutate(ids, {
      onSuccess: (r) => {
        const failed = r.results.filter((x) => x.outcome === 'failed');
        const ok = r.results.length - failed.length;
        if (ok > 0) notifySuccess(t('dashboard.drift.repaired', { count: ok }));
        if (failed.length) notifyError(t('dashboard.drift.repairError'), t('dashboard.drift.repairFailed', { message: failed.map((f) => f.message ?? f.kind).join('; ') }));
      },
      onError: (err) => notifyError(t('dashboard.drift.repairError'), errorMessage(err, t)),
    });

  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconAlert />}>
        <Group justify="space-between" gap="sm">
          <Text size="sm">{t('dashboard.drift.intro')}</Text>
          <Button onClick={() => onRepair()} loading={repair.isPending} data-testid="repair-all">
            {t('dashboard.drift.repairAll', { count: drift.data.length })}
          </Button>
        </Group>
      </Alert>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" aria-labelledby="dash-drift" data-testid="drift-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('dashboard.drift.change')}</Table.Th>
              <Table.Th scope="col">{t('dashboard.drift.details')}</Table.Th>
              <Table.Th scope="col">{t('dashboard.drift.detected')}</Table.Th>
              <Table.Th scope="col">{t('dashboard.sync.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drift.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Th scope="row" fw={500}>
                  {kindLabel(d)}
                  {d.email && (
                    <Text size="sm" c="dimmed" className="foyer-wrap">
                      {d.email}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td maw={320}>
                  {Object.keys(d.details).length > 0 ? (
                    <Code block fz="xs" className="foyer-wrap" style={{ whiteSpace: 'pre-wrap' }}>
                      {JSON.stringify(d.details, null, 1)}
                    </Code>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <time dateTime={d.createdAt}>{formatDateTime(d.createdAt, timeZone, locale)}</time>
                  <Text size="sm" c="dimmed">
                    {d.source === 'webhook' || d.source === 'reconciliation' ? t(`dashboard.drift.source.${d.source}`) : d.source}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => onRepair([d.id])} disabled={repair.isPending} aria-label={t('dashboard.drift.repairOne', { kind: kindLabel(d) })}>
                    {t('dashboard.drift.repair')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function BulkActions({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const [kind, setKind] = useState<ResendKind>('ticket');
  const [job, setJob] = useState<ResendJob | null>(null);
  const [confirmOpen, confirm] = useDisclosure(false);
  const resend = useResendAll(eventId);
  const progress = useResendProgress(eventId, job);

  const onResend = () =>
    resend.mutate(kind, {
      onSuccess: (j) => {
        confirm.close();
        if (j.queued === 0) notifySuccess(t('dashboard.bulk.resendNone'));
        else setJob(j);
      },
      onError: (err) => {
        confirm.close();
        notifyError(t('dashboard.bulk.resendError'), errorMessage(err, t));
      },
    });

  const done = Math.min(progress.data ?? 0, job?.queued ?? 0);
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="md">
        <Radio.Group label={t('dashboard.bulk.resendLabel')} value={kind} onChange={(v) => setKind(v as ResendKind)}>
          <Group gap="lg" mt={6}>
            <Radio value="ticket" label={t('dashboard.bulk.resendTicket')} />
            <Radio value="join" label={t('dashboard.bulk.resendJoin')} />
          </Group>
        </Radio.Group>
        <Button onClick={confirm.open} w="fit-content" maw="100%" h="auto" py={8} styles={{ label: { whiteSpace: 'normal' } }} data-testid="resend-all">
          {t('dashboard.bulk.resendAll')}
        </Button>
        {job && (
          <BulkProgress
            testId="resend-progress"
            done={done}
            total={job.queued}
            label={
              done >= job.queued
                ? t('dashboard.bulk.resendDone', { total: formatNumber(job.queued, locale) })
                : t('dashboard.bulk.resendProgress', { done: formatNumber(done, locale), total: formatNumber(job.queued, locale) })
            }
          />
        )}
        <Text size="sm" c="dimmed">
          <Anchor component={Link} to={eventPaths.attendees(eventId)}>
            {t('dashboard.bulk.importHint')}
          </Anchor>
        </Text>
      </Stack>
      <Modal opened={confirmOpen} onClose={confirm.close} title={t('dashboard.bulk.resendConfirmTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="lg">
          <Text>{t('dashboard.bulk.resendConfirmText')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button onClick={onResend} loading={resend.isPending} data-testid="confirm-resend-all">
              {t('dashboard.bulk.resendConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
