import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { toApiQuery, type ChatFilters } from './filters';

const PAGE = 50;

/** The filtered list, page by page through the API's cursor. */
export function useConversations(filters: ChatFilters, livePolling: boolean) {
  const { t } = useTranslation();
  return useInfiniteQuery({
    queryKey: ['conversations', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(t('chats.loading'), api.GET('/api/v1/conversations', { params: { query: { ...toApiQuery(filters), limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // Without the live feed, new messages still arrive: every 15 s.
    refetchInterval: livePolling ? 15_000 : false,
  });
}
