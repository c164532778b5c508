import { AppShell, Burger, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconActivityHeartbeat, IconBook2, IconChartBar, IconFlask, IconHome, IconMessages, IconPlugConnected, IconRobot, IconSettings, IconTool,
} from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { can, useSession } from '../auth/session-context';
import { LanguageSwitch } from './LanguageSwitch';
import { OperatorMenu } from './OperatorMenu';
import { ThemeSwitch } from './ThemeSwitch';

const NAV = [
  { to: '/', key: 'nav.home', icon: IconHome },
  { to: '/chats', key: 'nav.chats', icon: IconMessages },
  { to: '/metrics', key: 'nav.metrics', icon: IconChartBar },
  { to: '/monitoring', key: 'nav.monitoring', icon: IconActivityHeartbeat },
  // Test chats write (they run the assistant): agents and admins only.
  { to: '/test-chat', key: 'nav.testChat', icon: IconFlask, needs: 'converse' },
] as const;

// Setting the platform up; every role may look, only admins change (the pages hide what the server would refuse).
const SETUP_NAV = [
  { to: '/assistants', key: 'nav.assistants', icon: IconRobot },
  { to: '/channels', key: 'nav.channels', icon: IconPlugConnected },
  { to: '/knowledge', key: 'nav.knowledge', icon: IconBook2 },
  { to: '/tools', key: 'nav.tools', icon: IconTool },
  // Webhooks, keys and the team are the tenant's own administration: admins only.
  { to: '/settings', key: 'nav.settings', icon: IconSettings, needs: 'configure' },
] as const;

/** Header with brand, language, theme and account; navigation on the left, a drawer below 768 px. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const { operator } = useSession();
  useEffect(close, [location.pathname, close]);
  const allowed = (item: object) => !('needs' in item) || can(operator.role, item.needs as 'converse' | 'configure');
  const nav = NAV.filter(allowed);
  const setupNav = SETUP_NAV.filter(allowed);
  const isActive = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname === to || location.pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">{t('app.skipToContent')}</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')} />
            <Text fw={700} size="lg" component="span">Confab</Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm"><LanguageSwitch /></Group>
            <ThemeSwitch />
            <OperatorMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} component="nav">
        <Stack gap={4}>
          {nav.map(({ to, key, icon: Icon }) => (
            <NavLink key={to} component={RouterNavLink} to={to} label={t(key)} leftSection={<Icon size={18} aria-hidden />} active={isActive(to)} />
          ))}
        </Stack>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4} id="setup-nav-heading">{t('nav.setup')}</Text>
        <Stack gap={4} role="group" aria-labelledby="setup-nav-heading">
          {setupNav.map(({ to, key, icon: Icon }) => (
            <NavLink key={to} component={RouterNavLink} to={to} label={t(key)} leftSection={<Icon size={18} aria-hidden />} active={isActive(to)} />
          ))}
        </Stack>
        <Stack mt="auto" hiddenFrom="sm" p="xs"><LanguageSwitch size="sm" /></Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
