// Every URL the UI links to, in one place.
export const paths = {
  home: '/',
  login: '/login',
  signup: '/signup',
  logout: '/logout',
  events: '/app/events',
  newEvent: '/app/events/new',
  event: (eventId: string) => `/app/events/${encodeURIComponent(eventId)}`,
  settings: '/app/settings',
} as const;
