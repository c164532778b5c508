import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface LoadedBundle {
  body: Buffer;
  /** First 16 hex digits of the SHA-256: the ETag and the versioned URL's name. */
  version: string;
}

/**
 * The built widget (`npm run build:widget` writes dist/widget/widget.js). Read again only when the file changes,
 * so a rebuild is served without a restart and a request costs one stat.
 */
export class WidgetBundle {
  private cached: { mtimeMs: number; size: number; bundle: LoadedBundle } | null = null;
  readonly file: string;

  constructor(directory: string) {
    this.file = join(resolve(directory), 'widget.js');
  }

  /** Null when the bundle has not been built. */
  async load(): Promise<LoadedBundle | null> {
    let info;
    try {
      info = await stat(this.file);
    } catch {
      return null;
    }
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.bundle;
    const body = await readFile(this.file);
    const bundle = { body, version: createHash('sha256').update(body).digest('hex').slice(0, 16) };
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, bundle };
    return bundle;
  }
}
