import { Badge } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventStatus } from '../../api/types';

const STATUS_COLOR: Record<EventStatus, string> = {
  draft: 'gray',
  published: 'green',
  cancelled: 'red',
};

// Text on the light badge background: Mantine's palette tops out below 4.5:1 for green, so
// these are darker hand-picked shades (>= 6:1 on their backgrounds).
const STATUS_TEXT: Record<EventStatus, string> = {
  draft: 'var(--mantine-color-gray-9)',
  published: '#1f6130',
  cancelled: '#9b1c1c',
};

/** Status as a coloured badge; the word carries the meaning, the colour only repeats it. */
export function EventStatusBadge({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      radius="sm"
      tt="none"
      fz="sm"
      style={{ '--badge-color': STATUS_TEXT[status], flexShrink: 0 } as CSSProperties}
      data-testid="event-status"
    >
      {t(`events.status.${status}`)}
    </Badge>
  );
}
