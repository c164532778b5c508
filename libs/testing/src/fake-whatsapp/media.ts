import { createHash } from 'node:crypto';
import { invalidParam, type GraphError } from './graph-errors';
import { randomToken } from './graph-ids';

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
}

export const DOWNLOAD_PREFIX = '/media-download/';
let uploadCounter = 0;

/** Media by id, plus the short-lived download URLs handed out for them (WHATSAPP.md §9). */
export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  /** token -> media id; a URL whose token is unknown is "stale" and gets 404, as lookaside URLs do. */
  private readonly tokens = new Map<string, string>();

  add(id: string, bytes: Buffer, mimeType: string): void {
    this.media.set(id, { bytes, mimeType });
  }

  has(id: string): boolean {
    return this.media.has(id);
  }

  /** Uploaded ids look like Graph's: long decimal strings, never colliding with ids a test added. */
  upload(bytes: Buffer, mimeType: string): string {
    let id: string;
    do id = String(1_000_000_000_000_000 + ++uploadCounter);
    while (this.media.has(id));
    this.add(id, bytes, mimeType);
    return id;
  }

  metadata(id: string, baseUrl: string): object | undefined {
    const item = this.media.get(id);
    if (!item) return undefined;
    const token = randomToken();
    this.tokens.set(token, id);
    return {
      messaging_product: 'whatsapp',
      url: `${baseUrl}${DOWNLOAD_PREFIX}${encodeURIComponent(id)}?token=${token}`,
      mime_type: item.mimeType,
      sha256: createHash('sha256').update(item.bytes).digest('base64'),
      file_size: String(item.bytes.length),
      id,
    };
  }

  /** The bytes behind a download URL, or undefined when the id/token pair was never issued. */
  download(pathId: string, token: string | null): StoredMedia | undefined {
    if (token === null || this.tokens.get(token) !== pathId) return undefined;
    return this.media.get(pathId);
  }

  forgetUrls(): void {
    this.tokens.clear();
  }
}

export type UploadResult = { ok: true; bytes: Buffer; mimeType: string } | { ok: false; error: GraphError };

/** Just enough multipart/form-data parsing for `POST /{phone-number-id}/media` (fields: messaging_product, type, file). */
export function parseUpload(contentType: string | undefined, raw: Buffer): UploadResult {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary || !/^multipart\/form-data/i.test(contentType ?? '')) {
    return { ok: false, error: invalidParam('The parameter file is required.') };
  }
  const fields = new Map<string, { headers: string; body: Buffer }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      // The part body ends with the CRLF that precedes the next delimiter.
      if (name) fields.set(name, { headers, body: part.subarray(split + 4, part.length - 2) });
    }
    at = next;
  }
  if (fields.get('messaging_product')?.body.toString('utf8') !== 'whatsapp') {
    return { ok: false, error: invalidParam('The parameter messaging_product is required.') };
  }
  const file = fields.get('file');
  if (!file) return { ok: false, error: invalidParam('The parameter file is required.') };
  const partType = /content-type:\s*([^\r\n]+)/i.exec(file.headers)?.[1]?.trim();
  const mimeType = fields.get('type')?.body.toString('utf8') || partType || 'application/octet-stream';
  return { ok: true, bytes: file.body, mimeType };
}
