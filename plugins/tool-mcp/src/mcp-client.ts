import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { safeFetch, type AllowedHost } from '@confab/net';

/** Answers from an MCP server larger than this are refused (a tool result is read by a model, not downloaded). */
const MAX_RESPONSE_BYTES = 2 * 1_048_576;

export interface McpEndpoint {
  url: string;
  headers: Record<string, string>;
}

export interface McpClientOptions {
  allowedHosts: readonly AllowedHost[];
  requestTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * fetch for the MCP SDK that goes through the SSRF-safe client: the tenant's URL may reach internal addresses only
 * when OUTBOUND_ALLOWED_HOSTS lists them, redirects are not followed, and every request has a timeout and a size cap.
 * The optional server-to-client stream (GET) is declined: the tools need request and response only.
 */
export function safeMcpFetch(options: McpClientOptions): FetchLike {
  return async (input, init) => {
    if ((init?.method ?? 'GET').toUpperCase() === 'GET') return new Response(null, { status: 405 });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const signals = [options.signal, init?.signal ?? undefined].filter((s): s is AbortSignal => !!s);
    const res = await safeFetch(url, {
      method: init?.method ?? 'POST',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
      timeoutMs: options.requestTimeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
      allowedHosts: options.allowedHosts,
      signal: signals.length ? AbortSignal.any(signals) : undefined,
    });
    const empty = res.status === 202 || res.status === 204 || res.status === 304;
    return new Response(empty ? null : new Uint8Array(res.bytes), { status: res.status, headers: res.headers });
  };
}

/**
 * Connects (initialize), runs `work`, and closes: MCP servers are called statelessly, one short session per use.
 * The MCP SDK (and zod with it) loads with the first use, not at start: most installations have no MCP server
 * configured, and the SDK costs several MB of heap in every process (issues 9, 16).
 */
export async function withMcpClient<T>(endpoint: McpEndpoint, options: McpClientOptions, work: (client: Client) => Promise<T>): Promise<T> {
  const [{ Client }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  const client = new Client({ name: 'confab', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: endpoint.headers }, fetch: safeMcpFetch(options) });
  await client.connect(transport, { timeout: options.requestTimeoutMs, signal: options.signal });
  try {
    return await work(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}
