import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle';

/** Routes whose pages are still being built (conversation view, metrics, monitoring, test chat). */
export function PlaceholderPage({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t(titleKey)}</PageTitle>
      <Text c="dimmed">{t('state.comingSoon')}</Text>
    </>
  );
}
