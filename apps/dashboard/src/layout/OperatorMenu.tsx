import { Avatar, Menu, Text, UnstyledButton, Group } from '@mantine/core';
import { IconLogout, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { signOut } from '../auth/session-api';
import { useSession } from '../auth/session-context';

export function OperatorMenu() {
  const { t } = useTranslation();
  const { operator, tenant } = useSession();
  const leave = async () => {
    try {
      await signOut(t('operator.signOut'));
    } finally {
      // A full page load, whatever the server said: nothing this operator loaded stays in memory, and the route
      // guard cannot race the navigation (router updates are transitions, a cleared session is not).
      sessionStorage.removeItem('confab.sessionExpired');
      window.location.assign('/login?signedOut=1');
    }
  };
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('operator.menu', { name: operator.name })}>
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="blue" aria-hidden><IconUser size={18} /></Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate maw={160}>{operator.name}</Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('operator.signedInAs', { email: operator.email })}</Menu.Label>
        <Menu.Item disabled>{tenant.name} · {t(`operator.role_${operator.role}`)}</Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void leave()}>{t('operator.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
