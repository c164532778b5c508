import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotenv } from 'node:util';

/** Reads .env into process.env without overriding what the environment already sets (the environment wins). */
export function loadDotenv(path = '.env'): string[] {
  if (!existsSync(path)) return [];
  const parsed = parseDotenv(readFileSync(path, 'utf8'));
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (process.env[key] !== undefined) continue;
    process.env[key] = value;
    applied.push(key);
  }
  return applied;
}
