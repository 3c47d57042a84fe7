import { Alert, Anchor, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, usePublicParams } from './public-app';
import { IconAlert, IconCalendar, IconExternal } from '../../components/icons';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { publicApi, useResource, viewerTimeZone, type PublicTicket } from './api';
import { ZoneNote } from './event-page';
import { sessionRange } from './public-format';
import { PublicShell } from './public-shell';
import { FormatBadge, LoadError, PageLoader, TicketStatusBadge } from './shared';

function JoinPanel({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const zone = viewerTimeZone();
  const join = ticket.join;
  if (ticket.status !== 'valid' || ticket.event.format === 'in_person') return null;
  if (!join) {
    return (
      <Alert color="indigo" variant="light" icon={<IconAlert />} role="status" data-testid="join-pending">
        {ticket.joinLinkHidden ? t('public.ticket.joinByEmail') : t('public.ticket.joinSoon')}
      </Alert>
    );
  }
  const perSession = join.links.filter((l) => l.sessionId);
  const sessionOf = (id: string | null) => ticket.sessions.find((s) => s.id === id);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('public.ticket.joinTitle')}
        </Title>
        {perSession.length > 1 ? (
          <Stack gap="sm">
            {perSession.map((l) => {
              const s = sessionOf(l.sessionId);
              return (
                <Stack key={`${l.sessionId}-${l.url}`} gap={4}>
                  {s && <Text fw={500}>{sessionRange(s.startsAt, s.endsAt, zone, locale)}</Text>}
                  <Group gap="sm">
                    <Button component="a" href={l.url} target="_blank" rel="noopener noreferrer" rightSection={<IconExternal size={16} />} data-testid="join-button">
                      {t('public.ticket.join')}
                      <span className="foyer-visually-hidden"> {t('public.ui.opensInNewTab')}</span>
                    </Button>
                    {l.passcode && (
                      <Text size="sm">
                        {t('public.ticket.passcode')}: <strong>{l.passcode}</strong>
                      </Text>
                    )}
                  </Group>
                </Stack>
              );
            })}
          </Stack>
        ) : (
          <Stack gap="xs" align="flex-start">
            <Button component="a" href={join.url} target="_blank" rel="noopener noreferrer" size="md" rightSection={<IconExternal size={16} />} data-testid="join-button">
              {t('public.ticket.join')}
              <span className="foyer-visually-hidden"> {t('public.ui.opensInNewTab')}</span>
            </Button>
            {join.passcode && (
              <Text data-testid="passcode">
                {t('public.ticket.passcode')}: <strong>{join.passcode}</strong>
              </Text>
            )}
            <Text size="sm" c="dimmed" className="foyer-wrap">
              {t('public.ticket.joinLinkLabel')}: <Anchor href={join.url} target="_blank" rel="noopener noreferrer" size="sm">{join.url}</Anchor>
            </Text>
          </Stack>
        )}
        <Text size="sm" c="dimmed">
          {t('public.ticket.personal')}
        </Text>
      </Stack>
    </Paper>
  );
}

function ConferenceDetails({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const c = ticket.conference;
  if (!c) return null;
  const hours = Math.floor(c.durationMinutes / 60);
  const minutes = c.durationMinutes % 60;
  const rows: [string, string][] = [
    [t('public.ticket.topic'), c.topic],
    [t('public.ticket.when'), sessionRange(c.startsAt, c.endsAt, viewerTimeZone(), locale)],
    [t('public.ticket.duration'), t('public.ticket.durationValue', { hours, minutes })],
    ...(c.recurrence ? ([[t('public.ticket.recurrence'), c.recurrence]] as [string, string][]) : []),
    ...(c.meetingId ? ([[t('public.ticket.meetingId'), c.meetingId]] as [string, string][]) : []),
    ...(c.passcode ? ([[t('public.ticket.passcode'), c.passcode]] as [string, string][]) : []),
  ];
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" data-testid="conference-details">
      <Stack gap="xs">
        <Title order={2} fz="lg">
          {t('public.ticket.conferenceTitle')}
        </Title>
        <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px' }}>
          {rows.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <Text component="dt" fw={600} size="sm">
                {k}
              </Text>
              <Text component="dd" size="sm" m={0} className="foyer-wrap">
                {v}
              </Text>
            </div>
          ))}
        </dl>
      </Stack>
    </Paper>
  );
}

export function TicketView({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const zone = viewerTimeZone();
  const { event } = ticket;
  const sessions = ticket.sessions.filter((s) => s.status !== 'cancelled');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Group gap="xs">
          <FormatBadge format={event.format} />
          <TicketStatusBadge status={ticket.status} />
        </Group>
        <Title order={1} fz={{ base: 26, sm: 32 }} className="foyer-wrap">
          {event.title}
        </Title>
        <Text className="foyer-wrap" data-testid="ticket-holder">
          {t('public.ticket.holder', { name: `${ticket.attendee.firstName} ${ticket.attendee.lastName}`, ticket: ticket.ticketType })}
        </Text>
      </Stack>

      {event.status === 'cancelled' && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title={t('public.event.cancelledTitle')}>
          {t('public.ticket.eventCancelled')}
        </Alert>
      )}
      {event.status !== 'cancelled' && ticket.status === 'pending' && (
        <Alert color="yellow" variant="light" icon={<IconAlert />} role="status" data-testid="ticket-pending">
          {t('public.ticket.pending')}
        </Alert>
      )}
      {event.status !== 'cancelled' && ticket.status === 'cancelled' && (
        <Alert color="gray" variant="light" icon={<IconAlert />} role="alert">
          {t('public.ticket.cancelled')}
        </Alert>
      )}

      <JoinPanel ticket={ticket} />

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconCalendar />
            <Title order={2} fz="lg">
              {t('public.ticket.sessions', { count: sessions.length })}
            </Title>
          </Group>
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="ticket-sessions">
            {sessions.map((s) => (
              <Text component="li" key={s.id} fw={500}>
                {sessionRange(s.startsAt, s.endsAt, zone, locale)}
              </Text>
            ))}
          </Stack>
          <ZoneNote eventZone={event.timeZone} viewerZone={zone} />
          {event.format !== 'online' && event.venue && (
            <Text>
              <Text span fw={600}>
                {t('public.event.venue')}:{' '}
              </Text>
              <span className="foyer-wrap">{event.venue}</span>
            </Text>
          )}
          {ticket.status !== 'cancelled' && event.status !== 'cancelled' && (
            <>
              <Divider />
              <Group>
                <Button component="a" href={publicApi.calendarPath(ticket.ticketToken)} download variant="default" leftSection={<IconCalendar size={16} />} data-testid="calendar-download">
                  {t('public.ticket.addToCalendar')}
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                {t('public.ticket.calendarHint')}
              </Text>
            </>
          )}
        </Stack>
      </Paper>

      <ConferenceDetails ticket={ticket} />

      {ticket.qrCodeDataUrl && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <Stack gap="xs" align="center">
            <Title order={2} fz="lg">
              {t('public.ticket.qrTitle')}
            </Title>
            <img src={ticket.qrCodeDataUrl} alt={t('public.ticket.qrAlt', { name: `${ticket.attendee.firstName} ${ticket.attendee.lastName}` })} className="foyer-qr" data-testid="ticket-qr" />
            <Text size="sm" c="dimmed" ta="center">
              {t('public.ticket.qrHint')}
            </Text>
          </Stack>
        </Paper>
      )}

      <Anchor component={Link} to={event.url.replace(/^https?:\/\/[^/]+/, '')} size="sm">
        {t('public.ticket.eventPage')}
      </Anchor>
    </Stack>
  );
}

export function TicketPage() {
  const { t } = useTranslation();
  const { ticketToken = '' } = usePublicParams();
  const { data, error, loading, reload } = useResource(ticketToken, publicApi.ticket, {
    // A pending ticket (payment not yet confirmed) turns valid, and a join link appears once the
    // conference registration has it, without a manual reload.
    pollMs: 5000,
    poll: (tk) => tk.status === 'pending' || (tk.status === 'valid' && !tk.join && !tk.joinLinkHidden && tk.event.format !== 'in_person'),
  });
  return (
    <PublicShell title={data ? data.event.title : t('public.ticket.title')} organizer={data?.event.organizer?.name || undefined}>
      {data ? <TicketView ticket={data} /> : error ? <LoadError error={error} onRetry={reload} notFoundText={t('public.ticket.notFound')} /> : loading && <PageLoader />}
    </PublicShell>
  );
}
