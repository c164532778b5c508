import { isCredentialHeaderName } from '@confab/plugin-sdk';

const REDACTED = '[redacted]';
/** iCalendar feed URLs carry their access token as the last path segment (/calendars/<tenant>/<calendar>/<token>.ics). */
const FEED_TOKEN = /^(\/calendars\/[^/?]+\/[^/?]+\/)[^/?]+(\.ics)$/;

/**
 * A request path safe to write to the log: a credential in the path (a feed token) or in a query parameter named
 * like one (`hub.verify_token`, `api_key`, `signature`...) is replaced, so an error log never keeps a key.
 */
export function loggablePath(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(FEED_TOKEN, `$1${REDACTED}$2`);
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        /* keep the raw name */
      }
      return isCredentialHeaderName(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}
