import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Reads a generated secret from DATA_DIR, creating it on first run (readable by the owner only). */
export function localSecret(dataDir: string, name: string, make: () => string): { value: string; created: boolean } {
  mkdirSync(resolve(dataDir), { recursive: true });
  const file = join(resolve(dataDir), name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  const value = make();
  writeFileSync(file, value, { mode: 0o600 });
  return { value, created: true };
}

export const randomKey = (prefix = '') => () => prefix + randomBytes(32).toString('base64url');
