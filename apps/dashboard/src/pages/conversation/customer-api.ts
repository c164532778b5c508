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
