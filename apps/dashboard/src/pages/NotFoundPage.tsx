import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>404</PageTitle>
      <Text mb="md">{t('state.notFound')}</Text>
      <Anchor component={Link} to="/chats">{t('state.backToChats')}</Anchor>
    </>
  );
}
