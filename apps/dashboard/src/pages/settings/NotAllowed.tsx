import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';

/** What an agent or viewer sees at /settings/*: why not, and who can, instead of forms that would fail. */
export function NotAllowed() {
  const { t } = useTranslation();
  const { operator } = useSession();
  return (
    <Stack gap="md" maw={640}>
      <PageTitle>{t('settings.notAllowed.title')}</PageTitle>
      <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
        <Stack gap="xs">
          <Text size="sm">{t('settings.notAllowed.body', { role: t(`settings.role.${operator.role}`) })}</Text>
          <Anchor component={Link} to="/" size="sm">{t('settings.notAllowed.home')}</Anchor>
        </Stack>
      </Alert>
    </Stack>
  );
}
