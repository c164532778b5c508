import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

export const conversationKey = (id: string) => ['conversation', id] as const;

export function useConversation(id: string, pollMs: number | false) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: conversationKey(id),
    queryFn: () => unwrap(t('conversation.loading'), api.GET('/api/v1/conversations/{id}', { params: { path: { id } } })),
    refetchInterval: pollMs,
  });
}

export function useTrace(messageId: string, enabled: boolean) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['trace', messageId],
    queryFn: () => unwrap(t('conversation.trace.loading'), api.GET('/api/v1/messages/{id}/trace', { params: { path: { id: messageId } } })),
    enabled,
  });
}

export function useTemplates(channelId: string, enabled: boolean) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['templates', channelId],
    queryFn: () => unwrap(t('conversation.template.loading'), api.GET('/api/v1/channels/{id}/templates', { params: { path: { id: channelId } } })),
    enabled,
  });
}

/** Every conversation action, each refreshing the conversation (and the Chats list) when it is done. */
export function useConversationActions(id: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const path = { params: { path: { id } } };
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
    void queryClient.invalidateQueries({ queryKey: ['conversations'] });
  };
  const action = <T,>(fn: () => Promise<T>) => useMutation({ mutationFn: fn, onSuccess: done });
  return {
    takeOver: action(() => unwrap(t('conversation.actions.takeOverFailed'), api.POST('/api/v1/conversations/{id}/handoff', { ...path, body: { reason: t('conversation.actions.takeOverReason') } }))),
    handBack: action(() => unwrap(t('conversation.actions.handBackFailed'), api.POST('/api/v1/conversations/{id}/resume-ai', path))),
    close: action(() => unwrap(t('conversation.actions.closeFailed'), api.POST('/api/v1/conversations/{id}/close', { ...path, body: {} }))),
    retryReply: action(() => unwrap(t('conversation.actions.retryReplyFailed'), api.POST('/api/v1/conversations/{id}/retry-reply', path))),
    reply: useMutation({
      mutationFn: (text: string) => unwrap(t('conversation.reply.failed'), api.POST('/api/v1/conversations/{id}/agent-messages', { ...path, body: { text } })),
      onSuccess: done,
    }),
    retryDelivery: useMutation({
      mutationFn: (messageId: string) => unwrap(t('conversation.actions.retryDeliveryFailed'), api.POST('/api/v1/messages/{id}/retry-delivery', { params: { path: { id: messageId } } })),
      onSuccess: done,
    }),
    sendTemplate: useMutation({
      mutationFn: (input: { channelId: string; to: string; name: string; language: string; parameters: string[] | Record<string, string> }) =>
        unwrap(t('conversation.template.failed'), api.POST('/api/v1/channels/{id}/template-messages', {
          params: { path: { id: input.channelId } },
          body: { to: input.to, template: { name: input.name, language: input.language, parameters: input.parameters } },
        })),
      onSuccess: done,
    }),
  };
}
