import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

/** The tenant's assistants, and their names by id (so no page shows a raw id where a name exists). */
export function useAssistants() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['assistants'],
    queryFn: () => unwrap(t('common.loadingAssistants'), api.GET('/api/v1/assistants')),
    staleTime: 60_000,
  });
  const names = new Map((query.data ?? []).map((a) => [a.id, a.name] as const));
  return { ...query, assistants: query.data ?? [], nameOf: (id: string | null | undefined) => (id ? names.get(id) ?? t('common.deletedAssistant') : '–') };
}
