import { Anchor, Box, Button, Card, EmptyState, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FoyerEvent } from '../../api/types';
import { IconCalendar, IconPlus } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../components/use-document-title';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../routes/paths';
import { useEvents } from './api';
import { EventStatusBadge } from './event-badges';

export function EventsListPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('events.list.docTitle'));
  const events = useEvents();
  const hasEvents = (events.data?.length ?? 0) > 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={1} id="events-heading">
          {t('events.list.title')}
        </Title>
        {hasEvents && (
          <Button component={Link} to={paths.newEvent} leftSection={<IconPlus />}>
            {t('events.list.create')}
          </Button>
        )}
      </Group>

      {events.isPending ? (
        <Stack gap="sm" role="status" aria-label={t('common.loading')}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={48} radius="sm" />
          ))}
        </Stack>
      ) : events.isError ? (
        <QueryError title={t('events.list.loadError')} error={events.error} onRetry={() => void events.refetch()} />
      ) : !hasEvents ? (
        <Card withBorder padding="xl" radius="md">
          <EmptyState
            icon={<IconCalendar size={28} />}
            variant="light"
            title={
              <Title order={2} fz="h3" component="span">
                {t('events.list.emptyTitle')}
              </Title>
            }
            description={t('events.list.emptyText')}
          >
            <EmptyState.Actions>
              <Button component={Link} to={paths.newEvent} leftSection={<IconPlus />} data-testid="empty-create-event">
                {t('events.list.emptyCta')}
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <EventsTable events={events.data} />
      )}
    </Stack>
  );
}

function EventsTable({ events }: { events: FoyerEvent[] }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  return (
    <>
      <Box visibleFrom="sm">
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-labelledby="events-heading" data-testid="events-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('events.list.columns.title')}</Table.Th>
                <Table.Th scope="col">{t('events.list.columns.kind')}</Table.Th>
                <Table.Th scope="col">{t('events.list.columns.format')}</Table.Th>
                <Table.Th scope="col">{t('events.list.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('events.list.columns.startsAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.event(e.id)} fw={600} className="foyer-wrap">
                      {e.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`events.kind.${e.kind}`)}</Table.Td>
                  <Table.Td>{t(`events.format.${e.format}`)}</Table.Td>
                  <Table.Td>
                    <EventStatusBadge status={e.status} />
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={e.startsAt}>{formatDateTime(e.startsAt, e.timeZone, locale)}</time>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>

      {/* Narrow screens: one card per event instead of a wide table. */}
      <Stack gap="sm" hiddenFrom="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="events-heading">
        {events.map((e) => (
          <Card key={e.id} withBorder padding="md" radius="md" component="li">
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                <Anchor component={Link} to={paths.event(e.id)} fw={600} className="foyer-wrap">
                  {e.title}
                </Anchor>
                <EventStatusBadge status={e.status} />
              </Group>
              <Text size="sm">
                <time dateTime={e.startsAt}>{formatDateTime(e.startsAt, e.timeZone, locale)}</time>
              </Text>
              <Text size="sm" c="dimmed">
                {t(`events.kind.${e.kind}`)} · {t(`events.format.${e.format}`)}
              </Text>
            </Stack>
          </Card>
        ))}
      </Stack>
    </>
  );
}
