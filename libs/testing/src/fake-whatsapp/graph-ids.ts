import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let wamidCounter = 0;

export type Direction = 'inbound' | 'outbound';

/**
 * A wamid shaped like real ones (base64 of a small record: counterpart, direction byte 0x12 user->business /
 * 0x11 business->user, an 18-char hex key), so code that logs or stores ids meets realistic lengths and
 * characters. A process-wide counter in the key keeps ids unique even across fakes in one test file.
 */
export function newWamid(counterpart: string, direction: Direction): string {
  wamidCounter += 1;
  const key = (wamidCounter.toString(16).padStart(8, '0') + randomBytes(5).toString('hex')).toUpperCase();
  const party = Buffer.from(counterpart.slice(0, 200), 'utf8');
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, party.length]),
    party,
    Buffer.from([0x15, 0x02, 0x00, direction === 'inbound' ? 0x12 : 0x11, 0x18, key.length]),
    Buffer.from(key, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

export function fbtraceId(): string {
  const bytes = randomBytes(23);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('');
}

export function randomToken(): string {
  return randomBytes(12).toString('hex');
}

/** Graph paging cursors are base64 with '=' written as 'ZD' (e.g. "MAZDZD" for offset 0); mimicked, not required. */
export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64').replace(/=/g, 'ZD');
}

export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor.replace(/(?:ZD)+$/, (pad) => '='.repeat(pad.length / 2)), 'base64').toString('utf8');
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
