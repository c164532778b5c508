import type { ConversationVariable, VariableSource } from '@confab/plugin-sdk';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

export function isVariableKey(key: string): boolean {
  return KEY.test(key);
}

/** Later values win; each keeps where it came from and when, so an operator can tell AI-extracted data from API context. */
export function mergeVariables(
  current: Record<string, ConversationVariable>,
  incoming: Record<string, unknown>,
  source: VariableSource,
  at = new Date(),
): Record<string, ConversationVariable> {
  const next = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if (!isVariableKey(key)) continue;
    next[key] = { value, source, updatedAt: at.toISOString() };
  }
  return next;
}
