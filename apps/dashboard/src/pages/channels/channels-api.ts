import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { JsonSchema } from '../../components/schema-form';

export type Channel = components['schemas']['ChannelView'];
export type ChannelType = Omit<components['schemas']['ChannelTypeView'], 'configSchema'> & { configSchema: JsonSchema };
export type WhatsAppHealth = components['schemas']['WhatsAppHealthView'];
export type Templates = components['schemas']['TemplatesView'];
export type ChannelPatch = components['schemas']['UpdateChannelDto'];

export function useChannels() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['channels'], queryFn: () => unwrap(t('channels.loading'), api.GET('/api/v1/channels')) });
}

/** The installed channel types with their config schema; they change only with a server deploy. */
export function useChannelTypes() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['channel-types'],
    queryFn: async () => (await unwrap(t('channels.loadingTypes'), api.GET('/api/v1/channel-types'))) as ChannelType[],
    staleTime: 5 * 60_000,
  });
  // Internal channels (test chats) are made by the platform itself, never connected by hand.
  const connectable = (query.data ?? []).filter((c) => c.type !== 'test');
  return { ...query, types: connectable, typeOf: (type: string) => (query.data ?? []).find((c) => c.type === type) };
}

export function useChannel(id: string) {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['channels', id], queryFn: () => unwrap(t('channels.loadingOne'), api.GET('/api/v1/channels/{id}', { params: { path: { id } } })) });
}

export function useWhatsAppHealth(id: string, enabled: boolean) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['channels', id, 'health'],
    queryFn: () => unwrap(t('channels.whatsapp.loadingHealth'), api.GET('/api/v1/channels/{id}/health', { params: { path: { id } } })),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useTemplates(id: string, enabled: boolean) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['channels', id, 'templates'],
    queryFn: () => unwrap(t('channels.whatsapp.loadingTemplates'), api.GET('/api/v1/channels/{id}/templates', { params: { path: { id } } })),
    enabled,
  });
  const sync = useMutation({
    mutationFn: () => unwrap(t('channels.whatsapp.syncFailed'), api.POST('/api/v1/channels/{id}/templates/sync', { params: { path: { id } } })),
    onSuccess: (data) => queryClient.setQueryData(['channels', id, 'templates'], data),
  });
  return { list, sync };
}

export function useChannelMutations() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = (channel?: Channel) => {
    if (channel) queryClient.setQueryData(['channels', channel.id], channel);
    void queryClient.invalidateQueries({ queryKey: ['channels'] });
  };
  const create = useMutation({
    mutationFn: (body: components['schemas']['CreateChannelDto']) => unwrap(t('channels.createFailed'), api.POST('/api/v1/channels', { body })),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ChannelPatch }) => unwrap(t('channels.saveFailed'), api.PATCH('/api/v1/channels/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(t('channels.deleteFailed'), api.DELETE('/api/v1/channels/{id}', { params: { path: { id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: ['channels', id] });
      void queryClient.invalidateQueries({ queryKey: ['channels'] });
    },
  });
  return { create, update, remove };
}

/** A verify token for Meta's webhook settings: random, URL-safe, long enough that nobody guesses it. */
export function randomToken(bytes = 24): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
}
