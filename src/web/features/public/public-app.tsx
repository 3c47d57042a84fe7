import { MantineProvider } from '@mantine/core';
import { Button, Center, Container, Loader, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { Component, createContext, forwardRef, lazy, Suspense, use, useEffect, useState, type AnchorHTMLAttributes, type ComponentType, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cssVariablesResolver, theme } from '../../theme';
import { matchPublicPath, PUBLIC_ROUTES, type PublicParams } from './public-routes';

const NAVIGATED = 'foyer:navigate';

/** Goes to `to`: within the buyer pages without a reload, anywhere else with a full page load. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin || !matchPublicPath(url.pathname)) {
    window.location.assign(url.href);
    return;
  }
  window.history[options.replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  window.dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

const ParamsContext = createContext<PublicParams>({});

/** The current buyer page's URL parameters (`slug`, `orderToken`, `ticketToken`). */
export function usePublicParams(): PublicParams {
  return use(ParamsContext);
}

export function useNavigate() {
  return navigate;
}

/** A link between buyer pages (client-side), or a plain link elsewhere. */
export const Link = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }>(function Link({ to, onClick, ...rest }, ref) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    const url = new URL(to, window.location.href);
    if (url.origin !== window.location.origin || !matchPublicPath(url.pathname)) return;
    e.preventDefault();
    navigate(to);
  };
  return <a ref={ref} href={to} onClick={handle} {...rest} />;
});

const pages = new Map<string, ComponentType>(PUBLIC_ROUTES.map((r) => [r.name, lazy(() => r.load().then((Component) => ({ default: Component })))]));

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="40vh" role="status" aria-live="polite">
      <Loader aria-hidden="true" />
      <VisuallyHidden>{t('public.ui.loading')}</VisuallyHidden>
    </Center>
  );
}

function PageError() {
  const { t } = useTranslation();
  return (
    <Container size={560} py="xl" component="main">
      <Stack gap="md" align="flex-start" role="alert">
        <Title order={1}>{t('public.loadFailed')}</Title>
        <Text>{t('public.ui.pageError')}</Text>
        <Button onClick={() => window.location.reload()}>{t('public.ui.reload')}</Button>
      </Stack>
    </Container>
  );
}

/** A page that throws (or whose chunk fails to load after a deploy) offers a reload. */
class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(error: unknown) {
    console.error(error);
  }
  render() {
    return this.state.failed ? <PageError /> : this.props.children;
  }
}

/** Renders the buyer page of the current URL; follows pushState navigation and back/forward. */
export function PublicPages({ embedded = false }: { embedded?: boolean }) {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const sync = () => setPath(window.location.pathname);
    window.addEventListener('popstate', sync);
    window.addEventListener(NAVIGATED, sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener(NAVIGATED, sync);
    };
  }, []);
  const match = matchPublicPath(path);
  useEffect(() => {
    // Back/forward out of the buyer pages: the organiser app is not loaded here, so load it.
    if (!match && !embedded) window.location.reload();
  }, [match, embedded]);
  if (!match) return null;
  const Page = pages.get(match.route.name)!;
  return (
    <ParamsContext value={match.params}>
      <PageErrorBoundary key={path}>
        <Suspense fallback={<PageLoader />}>
          <Page />
        </Suspense>
      </PageErrorBoundary>
    </ParamsContext>
  );
}

/** The root of the buyer pages' entry (main.tsx): Mantine and the pages, no router library. */
export function PublicRoot() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <PublicPages />
    </MantineProvider>
  );
}
