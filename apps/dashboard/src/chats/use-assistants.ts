import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';

/** The tenant's assistants, for names in the list and the assistant filter. */
export function useAssistants() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['assistants'],
    queryFn: () => unwrap(t('chats.loadingAssistants'), api.GET('/api/v1/assistants')),
    staleTime: 60_000,
  });
  const names = new Map((query.data ?? []).map((a) => [a.id, a.name]));
  return { ...query, names };
}
