import { Alert, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, usePublicParams } from './public-app';
import { IconAlert, IconCalendar, IconTicket } from '../../components/icons';
import { formatMoney } from '../../lib/format';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { fetchEventCached, useResource, viewerTimeZone, type PublicEvent, type PublicTicketType } from './api';
import { describeTimeZone, sameOffset, sessionRange, shortDateTime } from './public-format';
import { publicPaths } from './public-routes';
import { PublicShell } from './public-shell';
import { FormatBadge, LoadError, PageLoader } from './shared';

/** What can be bought now: on sale and with seats left (or unlimited). */
export const purchasable = (tt: PublicTicketType) => tt.onSale && (tt.remaining === null || tt.remaining > 0);

export function eventSoldOut(e: PublicEvent): boolean {
  const noSeats = e.remaining !== null && e.remaining <= 0;
  const ticketsGone = e.ticketTypes.length > 0 && e.ticketTypes.every((tt) => tt.remaining !== null && tt.remaining <= 0);
  const slotsGone = e.kind === 'bookable' && e.sessions.length > 0 && e.sessions.every((s) => s.remaining !== null && s.remaining <= 0);
  return noSeats || ticketsGone || slotsGone;
}

/** "Times are in your time zone (…). The event's own zone: …" */
export function ZoneNote({ eventZone, viewerZone }: { eventZone: string; viewerZone: string }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const viewer = describeTimeZone(viewerZone, locale);
  return (
    <Text size="sm" c="dimmed" data-testid="zone-note">
      {sameOffset(eventZone, viewerZone)
        ? t('public.event.zoneSame', { zone: viewer })
        : t('public.event.zoneDiffers', { viewer, event: `${describeTimeZone(eventZone, locale)} — ${eventZone}` })}
    </Text>
  );
}

function TicketRow({ tt, event }: { tt: PublicTicketType; event: PublicEvent }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const zone = viewerTimeZone();
  const now = Date.now();
  const free = tt.currentPrice.amount === 0;
  let availability: string;
  if (tt.remaining !== null && tt.remaining <= 0) availability = t('public.event.soldOut');
  else if (!tt.onSale && tt.salesStartAt && Date.parse(tt.salesStartAt) > now) availability = t('public.event.salesStart', { date: shortDateTime(tt.salesStartAt, zone, locale) });
  else if (!tt.onSale) availability = event.status === 'cancelled' ? t('public.event.cancelledShort') : t('public.event.salesEnded');
  else if (tt.remaining !== null) availability = t('public.event.remaining', { count: tt.remaining });
  else availability = tt.salesEndAt ? t('public.event.salesUntil', { date: shortDateTime(tt.salesEndAt, zone, locale) }) : t('public.event.available');
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" data-testid="ticket-type">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text fw={600} className="foyer-wrap">
          {tt.name}
        </Text>
        {tt.description && (
          <Text size="sm" c="dimmed" className="foyer-pre-line">
            {tt.description}
          </Text>
        )}
        <Text size="sm" c={purchasable(tt) ? undefined : 'dimmed'} data-testid="ticket-availability">
          {availability}
        </Text>
      </Stack>
      <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
        <Text fw={700} data-testid="ticket-price">
          {free ? t('public.free') : formatMoney(tt.currentPrice, locale)}
        </Text>
        {tt.discountedPrice && tt.discountedPrice.amount < tt.price.amount && (
          <Text size="sm" c="dimmed">
            <span className="foyer-visually-hidden">{t('public.event.regularPrice')} </span>
            <span className="foyer-strike">{formatMoney(tt.price, locale)}</span>
          </Text>
        )}
      </Stack>
    </Group>
  );
}

export function EventView({ event }: { event: PublicEvent }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const zone = viewerTimeZone();
  const soldOut = eventSoldOut(event);
  const cancelled = event.status === 'cancelled';
  const canBuy = !cancelled && !soldOut && event.ticketTypes.some(purchasable);
  const sessions = event.sessions.filter((s) => s.status !== 'cancelled');
  const shown = event.kind === 'bookable' ? [] : sessions;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Group gap="xs">
          <FormatBadge format={event.format} />
        </Group>
        <Title order={1} fz={{ base: 26, sm: 34 }} className="foyer-wrap">
          {event.title}
        </Title>
        <Text c="dimmed">{t('public.event.by', { name: event.organizer.name })}</Text>
      </Stack>

      {cancelled && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title={t('public.event.cancelledTitle')}>
          {t('public.event.cancelledText')}
        </Alert>
      )}
      {!cancelled && soldOut && (
        <Alert color="yellow" variant="light" icon={<IconAlert />} role="status" title={t('public.event.soldOutTitle')} data-testid="sold-out">
          {t('public.event.soldOutText')}
        </Alert>
      )}

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconCalendar />
            <Title order={2} fz="lg">
              {event.kind === 'bookable' ? t('public.event.bookableTitle') : t('public.event.when')}
            </Title>
          </Group>
          {event.kind === 'bookable' ? (
            <Text>{t('public.event.bookableText', { count: sessions.filter((s) => s.remaining === null || s.remaining > 0).length })}</Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="sessions">
              {(shown.length ? shown : [{ id: 'event', startsAt: event.startsAt, endsAt: event.endsAt }]).map((s) => (
                <Text component="li" key={s.id} fw={500}>
                  {sessionRange(s.startsAt, s.endsAt, zone, locale)}
                </Text>
              ))}
            </Stack>
          )}
          <ZoneNote eventZone={event.timeZone} viewerZone={zone} />
          {event.format !== 'online' && event.venue && (
            <>
              <Divider />
              <Text>
                <Text span fw={600}>
                  {t('public.event.venue')}:{' '}
                </Text>
                <span className="foyer-wrap">{event.venue}</span>
              </Text>
            </>
          )}
          {event.format !== 'in_person' && <Text size="sm">{t(event.format === 'online' ? 'public.event.onlineNote' : 'public.event.hybridNote')}</Text>}
        </Stack>
      </Paper>

      {event.description && (
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('public.event.about')}
          </Title>
          <Text className="foyer-pre-line">{event.description}</Text>
        </Stack>
      )}

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Stack gap="md">
          <Group gap="xs" wrap="nowrap">
            <IconTicket />
            <Title order={2} fz="lg">
              {t('public.event.tickets')}
            </Title>
          </Group>
          {event.ticketTypes.length === 0 ? (
            <Text c="dimmed">{t('public.event.noTickets')}</Text>
          ) : (
            <Stack gap="md">
              {event.ticketTypes.map((tt, i) => (
                <Stack gap="md" key={tt.id}>
                  {i > 0 && <Divider />}
                  <TicketRow tt={tt} event={event} />
                </Stack>
              ))}
            </Stack>
          )}
          {canBuy ? (
            <Button component={Link} to={publicPaths.checkout(event.slug)} size="md" fullWidth data-testid="get-tickets">
              {event.kind === 'bookable' ? t('public.event.book') : t('public.event.getTickets')}
            </Button>
          ) : (
            <Button size="md" fullWidth disabled>
              {cancelled ? t('public.event.cancelledShort') : soldOut ? t('public.event.soldOut') : t('public.event.notOnSale')}
            </Button>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

export function EventPage() {
  const { t } = useTranslation();
  const { slug = '' } = usePublicParams();
  const { data, error, loading, reload } = useResource(slug, fetchEventCached);
  return (
    <PublicShell title={data?.title ?? (error ? t('public.ui.notFoundTitle') : undefined)} organizer={data?.organizer.name}>
      {data ? <EventView event={data} /> : error ? <LoadError error={error} onRetry={reload} notFoundText={t('public.event.notFound')} /> : loading && <PageLoader />}
    </PublicShell>
  );
}
