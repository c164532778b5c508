import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isAllowedHost, isForbiddenAddress } from './address-policy';
import { guardedLookup } from './guarded-lookup';
import { bare, checkUrl, dropHeaders, flatten, portOf } from './request-helpers';
import { SafeFetchError, type KeepAliveAgents, type SafeFetchOptions, type SafeResponse } from './safe-fetch-error';

export { SafeFetchError, type KeepAliveAgents, type SafeFetchErrorCode, type SafeFetchOptions, type SafeResponse } from './safe-fetch-error';

/** An idle pooled connection is closed after this: below the 5 s keep-alive of Node servers, so we close first. */
const IDLE_CLOSE_MS = 4_000;

/**
 * Connection pools for safeFetch's `agents`, for a caller that talks to the same API many times a second (the Graph
 * API): no TCP and TLS handshake per request. Idle connections close after 4 s.
 */
export function keepAliveAgents(maxSockets = 64): KeepAliveAgents {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: Math.min(maxSockets, 16), timeout: IDLE_CLOSE_MS, scheduling: 'lifo' as const };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the original origin, as browsers do for Authorization. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

interface Hop {
  url: string | URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export function safeFetch(rawUrl: string, opts: SafeFetchOptions): Promise<SafeResponse> {
  return new Promise<SafeResponse>((resolve, reject) => {
    const maxRedirects = opts.maxRedirects ?? 3;
    const redirects: string[] = [];
    let current: http.ClientRequest | undefined;
    let settled = false;
    let hostForErrors = '';

    const finish = (err: SafeFetchError | null, res?: SafeResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        current?.destroy();
        reject(err);
      } else resolve(res!);
    };
    const timer = setTimeout(
      () => finish(new SafeFetchError('TIMEOUT', `request to ${hostForErrors || 'host'} timed out after ${opts.timeoutMs}ms`)),
      opts.timeoutMs,
    );
    const onAbort = () => finish(new SafeFetchError('NETWORK', `request to ${hostForErrors || 'host'} was aborted`));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const send = (hop: Hop) => {
      let url: URL;
      try {
        url = checkUrl(hop.url);
      } catch (e) {
        return finish(e as SafeFetchError);
      }
      const hostname = bare(url.hostname);
      const port = portOf(url);
      hostForErrors = url.host;
      const allowed = isAllowedHost(opts.allowedHosts, hostname, port);
      if (isIP(hostname) && !allowed) {
        const reason = isForbiddenAddress(hostname);
        if (reason) return finish(new SafeFetchError('FORBIDDEN_ADDRESS', `address ${hostname} is a ${reason}; internal addresses are refused unless the host is listed as allowed`));
      }
      let refused: SafeFetchError | undefined;
      const headers: Record<string, string> = { ...hop.headers };
      if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
      let req: http.ClientRequest;
      try {
        req = (url.protocol === 'https:' ? https : http).request({
          protocol: url.protocol,
          hostname,
          port,
          path: `${url.pathname}${url.search}`,
          method: hop.method,
          headers,
          agent: (url.protocol === 'https:' ? opts.agents?.https : opts.agents?.http) ?? false,
          lookup: guardedLookup(hostname, allowed, (e) => (refused = e)),
          ...(url.protocol === 'https:' && !isIP(hostname) ? { servername: hostname } : {}),
        });
      } catch {
        return finish(new SafeFetchError('BAD_URL', `invalid request to ${url.host} (method or header values)`));
      }
      current = req;
      let active = true; // false once this hop is superseded by a redirect: its late errors are ignored
      req.on('error', (e: Error) => {
        if (!active) return;
        if (e instanceof SafeFetchError) return finish(e);
        if (refused) return finish(refused);
        finish(new SafeFetchError('NETWORK', `request to ${url.host} failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECTS.has(status) && location) {
          active = false;
          res.on('error', () => undefined);
          res.resume();
          req.destroy();
          if (redirects.length >= maxRedirects) {
            return finish(new SafeFetchError('TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects (last from ${url.host})`));
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return finish(new SafeFetchError('BAD_URL', `invalid redirect location from ${url.host}`));
          }
          redirects.push(next.toString());
          const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
          let nextHeaders = { ...hop.headers };
          if (toGet) nextHeaders = dropHeaders(nextHeaders, (h) => h === 'content-type' || h === 'content-length');
          if (next.origin !== url.origin) nextHeaders = dropHeaders(nextHeaders, (h) => CREDENTIAL_HEADERS.has(h));
          return send({ url: next, method: toGet ? 'GET' : hop.method, headers: nextHeaders, body: toGet ? undefined : hop.body });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) => {
          const bytes = Buffer.concat(chunks);
          finish(null, { status, headers: flatten(res.headers), body: bytes.toString('utf8'), bytes, truncated, url: url.toString(), redirects });
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = opts.maxBytes - size;
          if (chunk.length > room) {
            if (room > 0) chunks.push(chunk.subarray(0, room));
            size = opts.maxBytes;
            done(true);
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => done(false));
        res.on('error', () => finish(new SafeFetchError('NETWORK', `response from ${url.host} was interrupted`)));
      });
      req.end(hop.body);
    };

    const headers = dropHeaders({ ...(opts.headers ?? {}) }, (h) => h === 'host' || h === 'content-length');
    send({ url: rawUrl, method: (opts.method ?? 'GET').toUpperCase(), headers, body: opts.body });
  });
}
