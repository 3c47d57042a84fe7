import '../../styles/app';
import { Anchor, AppShell, Burger, Container, Divider, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Me } from '../../api/types';
import { FullPageLoader } from '../../components/full-page-loader';
import { IconCalendar } from '../../components/icons';
import { LanguageSwitcher } from '../../components/language-switcher';
import { Logo } from '../../components/logo';
import { QueryError } from '../../components/query-error';
import { paths } from '../../routes/paths';
import { useMe } from '../auth/api';
import { UserMenu } from './user-menu';
import { IconSettings } from '../settings/icon';

/** Everything under /app: only for signed-in members, inside the AppShell. */
export function OrganiserLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <QueryError title={t('errors.generic')} error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`${paths.login}?next=${next}`} replace />;
  }
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [navOpened, nav] = useDisclosure(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, close the mobile menu and move focus to the new page's
  // content, as a full page load would.
  useEffect(() => {
    nav.close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.pathname]);

  const eventsActive = location.pathname.startsWith(paths.events);

  return (
    <>
      <a href="#main" className="foyer-skip-link">
        {t('common.skipToContent')}
      </a>
      <Notifications position="top-center" zIndex={1000} />
      <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={{ base: 'sm', sm: 'lg' }}>
        <AppShell.Header>
          <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: 1 }}>
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('shell.toggleNavigation')}
                aria-expanded={navOpened}
                aria-controls="foyer-navbar"
              />
              <Anchor component={Link} to={paths.events} underline="never" c="var(--mantine-color-text)" aria-label={t('app.name')}>
                <Logo compact />
              </Anchor>
              <Divider orientation="vertical" my={18} visibleFrom="xs" />
              <Text fw={600} truncate="end" miw={0} title={me.organization.name} data-testid="org-name">
                {me.organization.name}
              </Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              <LanguageSwitcher />
              <UserMenu me={me} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" id="foyer-navbar" component="nav" aria-label={t('shell.navigation')}>
          {/* On phones the header has little room for the organisation's name; repeat it here. */}
          <Text hiddenFrom="sm" fw={700} px="sm" pb="sm" className="foyer-wrap">
            {me.organization.name}
          </Text>
          <NavLink
            component={Link}
            to={paths.events}
            label={t('shell.events')}
            leftSection={<IconCalendar />}
            active={eventsActive}
            aria-current={location.pathname === paths.events ? 'page' : undefined}
            fw={500}
          />
          <NavLink
            component={Link}
            to={paths.settings}
            label={t('settings.nav')}
            leftSection={<IconSettings />}
            active={location.pathname.startsWith(paths.settings)}
            aria-current={location.pathname === paths.settings ? 'page' : undefined}
            fw={500}
            data-testid="nav-settings"
          />
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} ref={mainRef}>
          <Container size="lg" px={0}>
            <Outlet />
          </Container>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
