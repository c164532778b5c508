import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a sample document from this folder (for specs). */
export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, name));
}
