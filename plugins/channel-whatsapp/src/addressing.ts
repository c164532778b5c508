import type { CustomerIdentity } from '@confab/plugin-sdk';

/** A phone number is preferred ("+" avoids Meta guessing the country); a BSUID-only customer gets `recipient`. */
export function addressFor(identities: CustomerIdentity[]): { to: string } | { recipient: string } | null {
  const phone = identities.find((i) => i.kind === 'wa_id');
  if (phone) return { to: `+${phone.value.replace(/^\+/, '')}` };
  const bsuid = identities.find((i) => i.kind === 'bsuid');
  return bsuid ? { recipient: bsuid.value } : null;
}

/** Template parameters as the API takes them: positional values, or an object of named ones. */
export function templateComponents(parameters: unknown): unknown[] {
  if (Array.isArray(parameters)) {
    if (!parameters.length) return [];
    return [{ type: 'body', parameters: parameters.map((p) => (p && typeof p === 'object' ? p : { type: 'text', text: String(p) })) }];
  }
  if (parameters && typeof parameters === 'object') {
    const named = Object.entries(parameters as Record<string, unknown>).map(([name, value]) => ({ type: 'text', parameter_name: name, text: String(value) }));
    return named.length ? [{ type: 'body', parameters: named }] : [];
  }
  return [];
}
