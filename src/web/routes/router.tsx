import { Navigate, createBrowserRouter, type RouteObject } from 'react-router';
import { FullPageLoader } from '../components/full-page-loader';
import { NotFoundContent, NotFoundPage } from './not-found';
import { RootLayout } from './root-layout';
import { paths } from './paths';
import { RouteErrorPage } from './route-error';

/**
 * URL map. Public pages (the future event page `/e/:slug`, order `/o/:orderToken` and ticket
 * `/t/:ticketToken` pages) belong in `publicRoutes` and stay small; everything organisers use
 * lives under `/app` and is loaded lazily, route by route.
 */

// Buyer pages (features/public). A first visit to these URLs never loads this router (main.tsx
// renders them directly, see scripts/bundle-size.mjs); these routes serve in-app links to them.
const buyerPages = () => import('../features/public/public-app').then((m) => ({ element: <m.PublicPages embedded /> }));
const publicRoutes: RouteObject[] = [
  { path: 'e/:slug', lazy: buyerPages },
  { path: 'e/:slug/checkout', lazy: buyerPages },
  { path: 'o/:orderToken', lazy: buyerPages },
  { path: 't/:ticketToken', lazy: buyerPages },
];

const authRoutes: RouteObject[] = [
  { path: 'login', lazy: () => import('../features/auth/login-page').then((m) => ({ Component: m.LoginPage })) },
  { path: 'signup', lazy: () => import('../features/auth/signup-page').then((m) => ({ Component: m.SignupPage })) },
  { path: 'logout', lazy: () => import('../features/auth/logout-page').then((m) => ({ Component: m.LogoutPage })) },
];

const organiserRoutes: RouteObject = {
  path: 'app',
  lazy: () => import('../features/organiser/organiser-layout').then((m) => ({ Component: m.OrganiserLayout })),
  children: [
    { index: true, element: <Navigate to={paths.events} replace /> },
    { path: 'events', lazy: () => import('../features/events/events-list-page').then((m) => ({ Component: m.EventsListPage })) },
    { path: 'events/new', lazy: () => import('../features/events/event-create-page').then((m) => ({ Component: m.EventCreatePage })) },
    { path: 'events/:eventId', lazy: () => import('../features/events/event-detail-page').then((m) => ({ Component: m.EventDetailPage })) },
    { path: 'events/:eventId/dashboard', lazy: () => import('../features/dashboard/event-dashboard-page').then((m) => ({ Component: m.EventDashboardPage })) },
    { path: 'events/:eventId/orders', lazy: () => import('../features/orders/orders-page').then((m) => ({ Component: m.OrdersPage })) },
    { path: 'events/:eventId/orders/:orderId', lazy: () => import('../features/orders/order-detail-page').then((m) => ({ Component: m.OrderDetailPage })) },
    { path: 'events/:eventId/attendees', lazy: () => import('../features/orders/attendees-page').then((m) => ({ Component: m.AttendeesPage })) },
    { path: 'settings/:tab?', lazy: () => import('../features/settings/settings-page').then((m) => ({ Component: m.SettingsPage })) },
    { path: '*', Component: NotFoundContent },
  ],
};

export const routes: RouteObject[] = [
  {
    Component: RootLayout,
    ErrorBoundary: RouteErrorPage,
    HydrateFallback: FullPageLoader,
    children: [
      { index: true, element: <Navigate to={paths.events} replace /> },
      ...publicRoutes,
      // TanStack Query comes with these lazy routes, not with the public entry.
      { lazy: () => import('./with-query').then((m) => ({ Component: m.WithQuery })), children: [...authRoutes, organiserRoutes] },
      { path: '*', Component: NotFoundPage },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
