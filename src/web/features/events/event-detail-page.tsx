import { Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import type { EventDetail, EventSession, TicketType } from '../../api/types';
import { IconArrowLeft, IconExternal } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { describeTimeZone, formatDateTime, formatDateTimeRange, formatMoney, formatNumber } from '../../lib/format';
import { paths } from '../../routes/paths';
import { useCancelEvent, useEvent, usePublishEvent } from './api';
import { EventStatusBadge } from './event-badges';
import { EventEditorTabs } from '../editor/event-editor';
import { EventSectionNav } from '../dashboard/event-nav';

export function EventDetailPage() {
  const { t } = useTranslation();
  const { eventId = '' } = useParams();
  const event = useEvent(eventId);
  useDocumentTitle(event.data?.title ?? t('events.list.docTitle'));

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.events} size="sm" w="fit-content">
        <Group gap={4} wrap="nowrap" component="span">
          <IconArrowLeft size={16} />
          {t('events.detail.backToEvents')}
        </Group>
      </Anchor>
      {event.isPending ? (
        <Stack gap="md" role="status" aria-label={t('common.loading')}>
          <Skeleton height={36} width="60%" />
          <Skeleton height={120} />
          <Skeleton height={160} />
        </Stack>
      ) : event.isError ? (
        <QueryError title={t('events.detail.loadError')} error={event.error} onRetry={() => void event.refetch()} />
      ) : (
        <EventDetailView event={event.data} />
      )}
    </Stack>
  );
}

function EventDetailView({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const publish = usePublishEvent();
  const cancel = useCancelEvent();
  const [confirmOpen, confirm] = useDisclosure(false);
  const activeSessions = event.sessions.filter((s) => s.status !== 'cancelled');

  const onPublish = () =>
    publish.mutate(event.id, {
      onSuccess: () => notifySuccess(t('events.detail.published')),
      onError: (err) => notifyError(t('events.detail.publish'), errorMessage(err, t)),
    });

  const onCancel = () =>
    cancel.mutate(event.id, {
      onSuccess: () => {
        confirm.close();
        notifySuccess(t('events.detail.cancelled'));
      },
      onError: (err) => {
        confirm.close();
        notifyError(t('events.detail.cancelEvent'), errorMessage(err, t));
      },
    });

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={8} miw={0} style={{ flex: '1 1 320px' }}>
            <Title order={1} className="foyer-wrap" data-testid="event-title-heading">
              {event.title}
            </Title>
            <Group gap="xs">
              <EventStatusBadge status={event.status} />
              <Badge variant="outline" color="gray" c="gray.8" radius="sm" tt="none" fz="sm">
                {t(`events.kind.${event.kind}`)}
              </Badge>
              <Badge variant="outline" color="gray" c="gray.8" radius="sm" tt="none" fz="sm">
                {t(`events.format.${event.format}`)}
              </Badge>
            </Group>
          </Stack>
          {event.status !== 'cancelled' && (
            <Group gap="sm">
              {event.status === 'draft' && (
                <Button onClick={onPublish} loading={publish.isPending} data-testid="publish-event">
                  {t('events.detail.publish')}
                </Button>
              )}
              <Button variant="outline" color="red" onClick={confirm.open} data-testid="cancel-event">
                {t('events.detail.cancelEvent')}
              </Button>
            </Group>
          )}
        </Group>
        <EventSectionNav eventId={event.id} />
      </Stack>

      <EventEditorTabs
        event={event}
        overview={
          <Stack gap="xl">
            <Card withBorder radius="md" padding="lg">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md" component="dl" m={0}>
                <Fact label={t('events.detail.when')}>{formatDateTimeRange(event.startsAt, event.endsAt, event.timeZone, locale)}</Fact>
                <Fact label={t('events.detail.timeZone')}>
                  {describeTimeZone(event.timeZone, locale, new Date(event.startsAt))}
                  <Text span c="dimmed" size="sm" display="block">
                    {event.timeZone}
                  </Text>
                </Fact>
                {event.venue && <Fact label={t('events.detail.venue')}>{event.venue}</Fact>}
                <Fact label={t('events.detail.capacity')}>{event.capacity === null ? t('events.detail.unlimited') : formatNumber(event.capacity, locale)}</Fact>
                {event.recurrenceRule && (
                  <Fact label={t('events.detail.recurrence')}>
                    <Text span ff="monospace" size="sm">
                      {event.recurrenceRule}
                    </Text>
                  </Fact>
                )}
                <Fact label={t('events.detail.publicPage')}>
                  <Anchor href={event.url} target="_blank" rel="noopener noreferrer" className="foyer-wrap">
                    {event.url} <IconExternal size={14} />
                    <span className="foyer-visually-hidden"> {t('common.opensInNewTab')}</span>
                  </Anchor>
                </Fact>
              </SimpleGrid>
              {event.description && (
                <Stack gap={4} mt="lg">
                  <Text fw={600} size="sm" c="dimmed">
                    {t('events.detail.description')}
                  </Text>
                  <Text style={{ whiteSpace: 'pre-wrap' }} className="foyer-wrap">
                    {event.description}
                  </Text>
                </Stack>
              )}
            </Card>

            <Section title={`${t('events.detail.sessions')} (${activeSessions.length})`} id="sessions-heading">
              {event.sessions.length === 0 ? <Text c="dimmed">{t('events.detail.noSessions')}</Text> : <SessionsTable sessions={event.sessions} timeZone={event.timeZone} />}
            </Section>

            <Section title={t('events.detail.ticketTypes')} id="tickets-heading">
              {event.ticketTypes.length === 0 ? (
                <Text c="dimmed">{t('events.detail.noTicketTypes')}</Text>
              ) : (
                <TicketTypesTable ticketTypes={event.ticketTypes} timeZone={event.timeZone} />
              )}
            </Section>
          </Stack>
        }
      />

      <Modal opened={confirmOpen} onClose={confirm.close} title={t('events.detail.cancelConfirmTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="lg">
          <Text>{t('events.detail.cancelConfirmText')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close} data-autofocus>
              {t('events.detail.keep')}
            </Button>
            <Button color="red" onClick={onCancel} loading={cancel.isPending} data-testid="confirm-cancel-event">
              {t('events.detail.cancelConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
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

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} fz="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function SessionsTable({ sessions, timeZone }: { sessions: EventSession[]; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs" aria-labelledby="sessions-heading" data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('events.detail.sessionColumns.startsAt')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.sessionColumns.endsAt')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.sessionColumns.capacity')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.sessionColumns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <time dateTime={s.startsAt}>{formatDateTime(s.startsAt, timeZone, locale)}</time>
              </Table.Td>
              <Table.Td>
                <time dateTime={s.endsAt}>{formatDateTime(s.endsAt, timeZone, locale)}</time>
              </Table.Td>
              <Table.Td>{s.capacity === null ? '—' : formatNumber(s.capacity, locale)}</Table.Td>
              <Table.Td>{t(`events.detail.sessionStatus.${s.status}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TicketTypesTable({ ticketTypes, timeZone }: { ticketTypes: TicketType[]; timeZone: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const price = (tt: TicketType) => {
    if (tt.price.amount === 0) return t('events.detail.free');
    const full = formatMoney(tt.price, locale);
    if (!tt.discountedPrice) return full;
    return (
      <>
        {formatMoney(tt.discountedPrice, locale)}{' '}
        <Text span c="dimmed" td="line-through" size="sm">
          {full}
        </Text>
      </>
    );
  };
  const window = (tt: TicketType) => {
    const from = tt.salesStartAt ? t('events.detail.salesFrom', { date: formatDateTime(tt.salesStartAt, timeZone, locale, false) }) : '';
    const until = tt.salesEndAt ? t('events.detail.salesUntil', { date: formatDateTime(tt.salesEndAt, timeZone, locale, false) }) : '';
    return [from, until].filter(Boolean).join(' ') || t('events.detail.salesAlways');
  };
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs" aria-labelledby="tickets-heading">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('events.detail.ticketColumns.name')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.ticketColumns.price')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.ticketColumns.sold')}</Table.Th>
            <Table.Th scope="col">{t('events.detail.ticketColumns.salesWindow')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ticketTypes.map((tt) => (
            <Table.Tr key={tt.id}>
              <Table.Td className="foyer-wrap">{tt.name}</Table.Td>
              <Table.Td>{price(tt)}</Table.Td>
              <Table.Td>
                {tt.capacity === null
                  ? formatNumber(tt.sold, locale)
                  : t('events.detail.soldOf', { sold: formatNumber(tt.sold, locale), capacity: formatNumber(tt.capacity, locale) })}
              </Table.Td>
              <Table.Td>{window(tt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
