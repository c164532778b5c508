import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Customer = components['schemas']['CustomerView'];
export type CustomerIdentity = components['schemas']['CustomerIdentityView'];
export type CustomerConversation = components['schemas']['CustomerConversationView'];

export const customerKey = (id: string) => ['customer', id] as const;

/** One customer with their identities and conversations on every channel. */
export function useCustomer(id: string | null | undefined) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: customerKey(id ?? ''),
    queryFn: () => unwrap(t('customer.loading'), api.GET('/api/v1/customers/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

const KNOWN_KINDS = ['wa_id', 'bsuid', 'widget_user', 'visitor', 'test'] as const;

/**
 * The i18n key naming an identity kind in words. API identities carry their connection in the kind
 * (`external:<connectionId>`), which means nothing to an operator, so every one of them is "API id".
 */
export function identityKindKey(kind: string): string {
  if (kind.startsWith('external:')) return 'customer.kind.external';
  return (KNOWN_KINDS as readonly string[]).includes(kind) ? `customer.kind.${kind}` : 'customer.kind.other';
}
