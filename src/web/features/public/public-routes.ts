// The buyer pages' own URL map. They run without React Router: the public entry then carries
// no router code (≈30 kB gzipped), which keeps the event page and checkout within their
// first-load budget (scripts/bundle-size.mjs). The organiser app (React Router) is loaded only
// for every other URL; its router also lists these paths (routes/router.tsx) for in-app links.
import type { ComponentType } from 'react';

export type PublicParams = Record<string, string>;

interface PublicRoute {
  name: 'event' | 'checkout' | 'order' | 'ticket';
  pattern: RegExp;
  keys: string[];
  load: () => Promise<ComponentType>;
}

export const PUBLIC_ROUTES: PublicRoute[] = [
  { name: 'event', pattern: /^\/e\/([^/]+)\/?$/, keys: ['slug'], load: () => import('./event-page').then((m) => m.EventPage) },
  { name: 'checkout', pattern: /^\/e\/([^/]+)\/checkout\/?$/, keys: ['slug'], load: () => import('./checkout-page').then((m) => m.CheckoutPage) },
  { name: 'order', pattern: /^\/o\/([^/]+)\/?$/, keys: ['orderToken'], load: () => import('./order-page').then((m) => m.OrderPage) },
  { name: 'ticket', pattern: /^\/t\/([^/]+)\/?$/, keys: ['ticketToken'], load: () => import('./ticket-page').then((m) => m.TicketPage) },
];

export function matchPublicPath(pathname: string): { route: PublicRoute; params: PublicParams } | null {
  for (const route of PUBLIC_ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: PublicParams = {};
    route.keys.forEach((k, i) => {
      try {
        params[k] = decodeURIComponent(m[i + 1]!);
      } catch {
        params[k] = m[i + 1]!;
      }
    });
    return { route, params };
  }
  return null;
}

export const publicPaths = {
  event: (slug: string) => `/e/${encodeURIComponent(slug)}`,
  checkout: (slug: string) => `/e/${encodeURIComponent(slug)}/checkout`,
  order: (token: string) => `/o/${encodeURIComponent(token)}`,
  ticket: (token: string) => `/t/${encodeURIComponent(token)}`,
};
