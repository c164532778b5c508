import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

/** The catalogue of tools an assistant can enable, each with the JSON Schema of its settings. */
export function useTools() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['tools'], queryFn: () => unwrap(t('assistants.loadingTools'), api.GET('/api/v1/tools')), staleTime: 60_000 });
}

export function useChannelTypes() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['channel-types'], queryFn: () => unwrap(t('assistants.loadingChannelTypes'), api.GET('/api/v1/channel-types')), staleTime: 300_000 });
}

/** The tenant's channels; test chats' own connections are not channels a customer writes to, so they are left out. */
export function useChannels() {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => unwrap(t('assistants.loadingChannels'), api.GET('/api/v1/channels')),
    select: (channels) => channels.filter((c) => c.type !== 'test'),
    staleTime: 30_000,
  });
}

export function useKnowledgeBases() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['knowledge-bases'], queryFn: () => unwrap(t('assistants.loadingKnowledge'), api.GET('/api/v1/knowledge-bases')), staleTime: 30_000 });
}

export function useAssistant(id: string | undefined) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['assistants', id],
    enabled: !!id,
    queryFn: () => unwrap(t('assistants.loadingOne'), api.GET('/api/v1/assistants/{id}', { params: { path: { id: id! } } })),
  });
}
