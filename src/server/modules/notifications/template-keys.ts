/** The notices Foyer sends; organisers edit each per organisation and per event. */
export const TEMPLATE_KEYS = [
  'order_confirmation',
  'join_link',
  'companion_join_link',
  'event_changed',
  'event_cancelled',
  'attendee_rejected',
  'refund_issued',
  'reminder',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const LOCALES = ['en', 'pl', 'ja', 'ru', 'ko'] as const;
export type MailLocale = (typeof LOCALES)[number];

export interface TemplateText {
  subject: string;
  body: string;
}

/** Reminder offsets when the organiser has not chosen: 1 day and 1 hour before a session. */
export const DEFAULT_REMINDER_OFFSETS_MINUTES = [24 * 60, 60];

/** Defaults per key: every notice on, no copies to the organiser. */
export const DEFAULT_SETTINGS: Record<TemplateKey, { enabled: boolean; copyToOrganizer: boolean }> = Object.fromEntries(
  TEMPLATE_KEYS.map((k) => [k, { enabled: true, copyToOrganizer: false }]),
) as Record<TemplateKey, { enabled: boolean; copyToOrganizer: boolean }>;
