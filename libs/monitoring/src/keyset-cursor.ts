import { ValidationFailed } from '@confab/plugin-sdk';

/** Opaque keyset position: the row's timestamp as PostgreSQL printed it (full microseconds) and its id. */
export interface KeysetPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(raw: string): KeysetPosition {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as KeysetPosition;
    if (typeof parsed.at !== 'string' || typeof parsed.id !== 'string' || Number.isNaN(Date.parse(parsed.at))) throw new Error();
    if (!/^[0-9a-f-]{36}$/i.test(parsed.id)) throw new Error();
    return parsed;
  } catch {
    throw new ValidationFailed('cursor is not one this API returned', 'cursor');
  }
}
