import { Outlet, ScrollRestoration, useNavigation } from 'react-router';

/** The top of every page; public pages and the organiser app render inside. */
export function RootLayout() {
  // While a lazy page's code loads, a thin bar at the top shows that the click registered.
  const navigating = useNavigation().state !== 'idle';
  return (
    <>
      {navigating && <div className="foyer-progress" aria-hidden="true" />}
      <Outlet />
      <ScrollRestoration />
    </>
  );
}
