import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle';

export function ChatsPage() {
  const { t } = useTranslation();
  return <PageTitle>{t('chats.title')}</PageTitle>;
}
