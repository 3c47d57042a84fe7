import { Anchor, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { IconArrowLeft } from '../../components/icons';
import { paths } from '../../routes/paths';
import { useEvent } from '../events/api';
import { EventStatusBadge } from '../events/event-badges';

/** URLs of an event's organiser sections (dashboard, orders, attendees). */
export const eventPaths = {
  overview: (eventId: string) => paths.event(eventId),
  dashboard: (eventId: string) => `${paths.event(eventId)}/dashboard`,
  orders: (eventId: string) => `${paths.event(eventId)}/orders`,
  order: (eventId: string, orderId: string) => `${paths.event(eventId)}/orders/${encodeURIComponent(orderId)}`,
  attendees: (eventId: string) => `${paths.event(eventId)}/attendees`,
};

type Section = 'overview' | 'dashboard' | 'orders' | 'attendees';
const SECTIONS: Section[] = ['overview', 'dashboard', 'orders', 'attendees'];

/** The links between an event's sections; the current one is marked for screen readers. */
export function EventSectionNav({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = (s: Section) => (s === 'overview' ? pathname === eventPaths.overview(eventId) : pathname.startsWith(eventPaths[s](eventId)));
  return (
    <Group component="nav" aria-label={t('dashboard.nav.label')} gap="xs" data-testid="event-section-nav">
      {SECTIONS.map((s) => (
        <Button
          key={s}
          component={Link}
          to={eventPaths[s](eventId)}
          size="compact-md"
          variant={current(s) ? 'filled' : 'default'}
          aria-current={current(s) ? 'page' : undefined}
        >
          {t(`dashboard.nav.${s}`)}
        </Button>
      ))}
    </Group>
  );
}

/** Header of an event section page: back to the events, the event's title, the section links. */
export function EventSectionHeader({ eventId, heading, actions }: { eventId: string; heading: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  const event = useEvent(eventId);
  return (
    <Stack gap="sm">
      <Anchor component={Link} to={paths.events} size="sm" w="fit-content">
        <Group gap={4} wrap="nowrap" component="span">
          <IconArrowLeft size={16} />
          {t('events.detail.backToEvents')}
        </Group>
      </Anchor>
      {event.data ? (
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Text fw={600} c="dimmed" truncate="end" className="foyer-wrap" data-testid="section-event-title">
            {event.data.title}
          </Text>
          <EventStatusBadge status={event.data.status} />
        </Group>
      ) : (
        <Skeleton height={20} width="40%" />
      )}
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1}>{heading}</Title>
        {actions}
      </Group>
      <EventSectionNav eventId={eventId} />
    </Stack>
  );
}

/** The event's title for document titles, once loaded. */
export function useEventTitle(eventId: string): string | undefined {
  return useEvent(eventId).data?.title;
}
