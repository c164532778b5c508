import { SetMetadata } from '@nestjs/common';

/**
 * What text the platform accepts, decided once for every string, object key and JSON value that comes in over
 * HTTP: well-formed Unicode without NUL. PostgreSQL cannot store NUL in text or jsonb and turns lone UTF-16
 * surrogates into U+FFFD (or fails on them in jsonb), so such input is refused at the edge instead of failing or
 * changing silently deep inside. Structure is capped too, because class-transformer and class-validator recurse
 * and a few kilobytes of brackets would overflow the stack.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays inside one another; the body's top level counts as 1. */
  maxDepth: 32,
  /** Keys of one object (arrays are bounded by the body size limit). */
  maxKeysPerObject: 1000,
} as const;

export const PROVIDER_WEBHOOK = 'confab:provider-webhook';

/**
 * The route receives a provider's callbacks (WhatsApp, ...), whose content the platform does not choose: its text
 * is never refused (a 4xx would make the provider redeliver it for days) and the inbox sanitises it instead. The
 * structural caps still apply; nobody sends a message nested hundreds of levels deep.
 */
export const ProviderWebhook = () => SetMetadata(PROVIDER_WEBHOOK, true);

export interface InputProblem {
  /** Where: `name`, `variables.city`, `rows[3].note`; `body` for the body as a whole. */
  field: string;
  message: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (text.search(LONE_SURROGATE) !== -1) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return null;
}

/** A field path that is safe to echo back, whatever the key held. */
function printable(key: string): string {
  return key.replaceAll('\u0000', '\\0').replace(LONE_SURROGATE, '\uFFFD');
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${printable(key)}` : printable(key);
}

/**
 * The first place where `value` breaks the input policy, or null. `checkText: false` checks structure only
 * (provider webhooks). Iterative, so the walk itself cannot overflow however deep the input is.
 */
export function findInputProblem(value: unknown, root: string, options: { checkText?: boolean } = {}): InputProblem | null {
  const checkText = options.checkText ?? true;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof current === 'string') {
      const problem = checkText ? textProblem(current) : null;
      if (problem) return { field, message: `${field} ${problem}` };
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth + 1 > INPUT_LIMITS.maxDepth) return { field, message: `${field} is nested more than ${INPUT_LIMITS.maxDepth} levels deep` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    if (keys.length > INPUT_LIMITS.maxKeysPerObject) return { field, message: `${field} has ${keys.length} keys; at most ${INPUT_LIMITS.maxKeysPerObject} are accepted` };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const keyProblem = checkText ? textProblem(key) : null;
      if (keyProblem) return { field: join(path, key), message: `The key ${JSON.stringify(printable(key))} in ${field} ${keyProblem}` };
      stack.push({ value: (current as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}
