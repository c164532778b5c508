import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

export type StepKey = 'assistant' | 'knowledge' | 'testChat' | 'channel';
export interface Step {
  key: StepKey;
  done: boolean;
  to: string;
}

/**
 * The first-run checklist from what really exists (nothing is ticked by hand): an assistant, a knowledge document
 * that is ready, a test chat, and a real channel (WhatsApp, widget or API).
 */
export function useOnboarding() {
  const { t } = useTranslation();
  const assistants = useQuery({ queryKey: ['assistants'], queryFn: () => unwrap(t('common.loadingAssistants'), api.GET('/api/v1/assistants')), staleTime: 60_000 });
  const bases = useQuery({ queryKey: ['knowledge-bases'], queryFn: () => unwrap(t('home.loading'), api.GET('/api/v1/knowledge-bases')) });
  const documents = useQueries({
    queries: (bases.data ?? []).map((kb) => ({
      queryKey: ['knowledge-bases', kb.id, 'documents'],
      queryFn: () => unwrap(t('home.loading'), api.GET('/api/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId: kb.id } } })),
    })),
  });
  const testChats = useQuery({
    queryKey: ['conversations', 'onboarding-test-chat'],
    queryFn: () => unwrap(t('home.loading'), api.GET('/api/v1/conversations', { params: { query: { channel: 'test', includeTest: true, limit: 1 } } })),
  });
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => unwrap(t('home.loading'), api.GET('/api/v1/channels')) });

  const queries = [assistants, bases, testChats, channels, ...documents];
  const isLoading = queries.some((q) => q.isLoading);
  const error = queries.find((q) => q.error)?.error ?? null;
  const steps: Step[] = [
    { key: 'assistant', done: (assistants.data?.length ?? 0) > 0, to: '/assistants' },
    { key: 'knowledge', done: documents.some((q) => (q.data ?? []).some((d) => d.status === 'ready')), to: '/knowledge' },
    { key: 'testChat', done: (testChats.data?.items.length ?? 0) > 0, to: '/test-chat' },
    { key: 'channel', done: (channels.data ?? []).some((c) => c.type !== 'test'), to: '/channels' },
  ];
  return { steps, isLoading, error, refetch: () => queries.forEach((q) => void q.refetch()) };
}
