import type { ToolResult } from '@confab/plugin-sdk';
import { safeFetch, SafeFetchError, type AllowedHost } from '@confab/net';
import { buildRequest, isSecretHeader, selectFields, type BuiltRequest, type HttpToolDefinition } from './http-tool.definition';

const MAX_BYTES = 256 * 1024;
const REDACTED = '[secret]';

export interface HttpToolRun {
  request: BuiltRequest;
  response?: { status: number; headers: Record<string, string>; body: unknown; truncated: boolean; url: string; redirects: string[] };
  error?: { code: string; message: string };
  result: ToolResult;
}

/** Runs one call of a tenant's HTTP tool through the SSRF-safe client; the request is reported with secrets redacted. */
export async function runHttpTool(
  def: HttpToolDefinition,
  args: Record<string, unknown>,
  secrets: Record<string, string>,
  allowedHosts: AllowedHost[],
  signal?: AbortSignal,
): Promise<HttpToolRun> {
  let request: BuiltRequest;
  try {
    request = buildRequest(def, args, secrets);
  } catch (err) {
    // A stored URL that cannot be built (saved before URLs were checked, e.g. with an IPv6 zone id) fails this call, not the server.
    const message = `The tool's URL cannot be used: ${(err as Error).message}`;
    return { request: { method: def.method, url: def.url, headers: {} }, error: { code: 'BAD_URL', message }, result: { content: { error: `BAD_URL: ${message}` }, isError: true } };
  }
  const shown = { ...request, headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, isSecretHeader(def, k) ? REDACTED : v])) };
  try {
    const res = await safeFetch(request.url, { method: request.method, headers: request.headers, body: request.body, timeoutMs: def.timeoutMs ?? 10_000, maxBytes: MAX_BYTES, allowedHosts, signal });
    let body: unknown = res.body;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* not JSON: the model reads the text */
    }
    const ok = res.status >= 200 && res.status < 300;
    const content = ok ? { status: res.status, data: selectFields(body, def.responseFields) } : { error: `The service answered ${res.status}`, status: res.status, data: typeof body === 'string' ? body.slice(0, 2000) : body };
    // The raw bytes stay out: the operator sees the body once, parsed when it is JSON.
    const { bytes: _bytes, ...received } = res;
    return { request: shown, response: { ...received, body }, result: { content: content as Record<string, unknown>, isError: !ok } };
  } catch (err) {
    const code = err instanceof SafeFetchError ? err.code : 'NETWORK';
    const message = (err as Error).message;
    return { request: shown, error: { code, message }, result: { content: { error: `${code}: ${message}` }, isError: true } };
  }
}
