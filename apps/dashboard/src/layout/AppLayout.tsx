import { AppShell, Burger, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconActivityHeartbeat, IconChartBar, IconMessages, IconFlask } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { can, useSession } from '../auth/session-context';
import { LanguageSwitch } from './LanguageSwitch';
import { OperatorMenu } from './OperatorMenu';
import { ThemeSwitch } from './ThemeSwitch';

const NAV = [
  { to: '/chats', key: 'nav.chats', icon: IconMessages },
  { to: '/metrics', key: 'nav.metrics', icon: IconChartBar },
  { to: '/monitoring', key: 'nav.monitoring', icon: IconActivityHeartbeat },
  // Test chats write (they run the assistant): agents and admins only.
  { to: '/test-chat', key: 'nav.testChat', icon: IconFlask, needs: 'converse' },
] as const;

/** Header with brand, language, theme and account; navigation on the left, a drawer below 768 px. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const { operator } = useSession();
  useEffect(close, [location.pathname, close]);
  const nav = NAV.filter((item) => !('needs' in item) || can(operator.role, item.needs));

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
            <NavLink key={to} component={RouterNavLink} to={to} label={t(key)} leftSection={<Icon size={18} aria-hidden />}
              active={location.pathname === to || location.pathname.startsWith(`${to}/`)} />
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
