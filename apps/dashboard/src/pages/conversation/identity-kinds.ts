const KNOWN_KINDS = ['wa_id', 'bsuid', 'widget_user', 'visitor', 'test'] as const;

/**
 * The i18n key naming an identity kind in words. API identities carry their connection in the kind
 * (`external:<connectionId>`), which means nothing to an operator, so every one of them is "API id".
 */
export function identityKindKey(kind: string): string {
  if (kind.startsWith('external:')) return 'customer.kind.external';
  return (KNOWN_KINDS as readonly string[]).includes(kind) ? `customer.kind.${kind}` : 'customer.kind.other';
}
