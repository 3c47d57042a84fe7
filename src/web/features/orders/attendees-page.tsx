import '@mantine/core/styles/Checkbox.css';
import { Anchor, Checkbox, Group, SimpleGrid, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { EventSectionHeader, eventPaths, useEventTitle } from '../dashboard/event-nav';
import { useAttendees, type Attendee } from './api';
import { AttendeeActions } from './attendee-actions';
import { ExportCard, ImportCard } from './import-export';
import { RegistrationCell } from './order-detail-page';

export function AttendeesPage() {
  const { t } = useTranslation();
  const { eventId = '' } = useParams();
  const title = useEventTitle(eventId);
  useDocumentTitle(title ? t('orders.attendees.docTitle', { title }) : t('orders.attendees.title'));
  const [includeUnpaid, setIncludeUnpaid] = useState(false);
  const [query, setQuery] = useState('');
  const attendees = useAttendees(eventId, includeUnpaid);
  const q = query.trim().toLowerCase();
  const shown = (attendees.data ?? []).filter((a) => !q || `${a.firstName} ${a.lastName} ${a.email}`.toLowerCase().includes(q));

  return (
    <Stack gap="lg">
      <EventSectionHeader eventId={eventId} heading={t('orders.attendees.title')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <ExportCard eventId={eventId} />
        <ImportCard eventId={eventId} />
      </SimpleGrid>
      <Group gap="md" align="flex-end">
        <TextInput label={t('orders.attendees.search')} placeholder={t('orders.attendees.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={260} type="search" />
        <Checkbox label={t('orders.attendees.includeUnpaid')} checked={includeUnpaid} onChange={(e) => setIncludeUnpaid(e.currentTarget.checked)} mb={8} data-testid="attendees-include-unpaid" />
      </Group>
      {attendees.isPending ? (
        <Skeleton height={200} role="status" aria-label={t('common.loading')} />
      ) : attendees.isError ? (
        <QueryError title={t('orders.attendees.loadError')} error={attendees.error} onRetry={() => void attendees.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{attendees.data.length === 0 ? t('orders.attendees.empty') : t('orders.attendees.emptyFiltered')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="attendees-count">
            {t('orders.attendees.count', { count: shown.length })}
          </Text>
          <AttendeesTable eventId={eventId} attendees={shown} />
        </>
      )}
    </Stack>
  );
}

function AttendeesTable({ eventId, attendees }: { eventId: string; attendees: Attendee[] }) {
  const { t } = useTranslation();
  const ticket = (s: string) => (s === 'valid' || s === 'pending' || s === 'cancelled' ? t(`orders.detail.ticketStatus.${s}`) : s);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" data-testid="attendees-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('orders.attendees.name')}</Table.Th>
            <Table.Th scope="col">{t('orders.attendees.ticket')}</Table.Th>
            <Table.Th scope="col">{t('orders.attendees.registration')}</Table.Th>
            <Table.Th scope="col">{t('orders.attendees.order')}</Table.Th>
            <Table.Th scope="col">{t('orders.attendees.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attendees.map((a) => {
            const name = `${a.firstName} ${a.lastName}`;
            return (
              <Table.Tr key={a.id} data-attendee-email={a.email}>
                <Table.Th scope="row" fw={500}>
                  <span className="foyer-wrap">{name}</span>
                  <Text size="sm" c="dimmed" className="foyer-wrap">
                    {a.email}
                  </Text>
                </Table.Th>
                <Table.Td>{ticket(a.ticketStatus)}</Table.Td>
                <Table.Td>
                  <RegistrationCell status={a.registrationStatus} errors={(a.registrations ?? []).map((r) => r.lastError).filter((e): e is string => !!e)} />
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={eventPaths.order(eventId, a.orderId)} aria-label={t('orders.attendees.openOrderLabel', { name })} size="sm">
                    {t('orders.attendees.openOrder')}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <AttendeeActions eventId={eventId} attendee={a} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
