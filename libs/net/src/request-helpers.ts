import type http from 'node:http';
import { SafeFetchError } from './safe-fetch-error';

export function checkUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('BAD_URL', 'invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SafeFetchError('BAD_URL', `unsupported URL scheme "${url.protocol}" (only http and https)`);
  }
  if (url.username || url.password) throw new SafeFetchError('BAD_URL', `URL for host ${url.hostname} must not contain credentials`);
  if (!url.hostname) throw new SafeFetchError('BAD_URL', 'URL has no host');
  return url;
}

export const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));
export const bare = (hostname: string) => (hostname.startsWith('[') ? hostname.slice(1, -1) : hostname);

export function dropHeaders(headers: Record<string, string>, drop: (lowerName: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop(k.toLowerCase())));
}

export function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
