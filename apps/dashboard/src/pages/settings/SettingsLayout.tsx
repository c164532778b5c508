import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { NotAllowed } from './NotAllowed';

export const SETTINGS_SECTIONS = ['webhooks', 'api-keys', 'team', 'alerts', 'budgets'] as const;

/**
 * The settings sub-navigation above each settings page. Everything here changes the whole tenant, so only admins
 * get past it; the server refuses the rest anyway, this says so before anything fails.
 */
export function SettingsLayout() {
  const { t } = useTranslation();
  const { operator } = useSession();
  if (!can(operator.role, 'configure')) return <NotAllowed />;
  return (
    <Stack gap="md">
      <Group component="nav" aria-label={t('settings.nav')} gap={6} wrap="wrap">
        {SETTINGS_SECTIONS.map((section) => (
          <NavLink key={section} to={`/settings/${section}`} style={{ textDecoration: 'none' }}>
            {({ isActive }) => (
              <Button component="span" size="compact-sm" variant={isActive ? 'filled' : 'subtle'} aria-current={isActive ? 'page' : undefined}>
                {t(`settings.section.${section}`)}
              </Button>
            )}
          </NavLink>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}
