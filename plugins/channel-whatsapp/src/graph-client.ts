import { safeFetch, SafeFetchError, type AllowedHost, type KeepAliveAgents, type SafeFetchOptions, type SafeResponse } from '@confab/net';
import type { WhatsAppConnectionConfig } from './whatsapp.config';
import { GRAPH_DEFAULTS } from './whatsapp.config';

const TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Graph JSON (a template page, an error) is small; a bigger answer is not the Graph API. */
const MAX_API_BYTES = 5 * 1_048_576;
/** Inbound documents go up to 100 MB (§9); anything larger arrives as error 131052 instead. */
const MAX_MEDIA_BYTES = 100 * 1_048_576;

/** How a request ended when no HTTP answer is worth reading; shared by API calls and media downloads. */
export interface GraphFailure {
  /** Undefined when the request never got an answer (network error, timeout, refused address). */
  status?: number;
  networkError?: string;
  /** The address policy refused the URL: an internal address not listed in OUTBOUND_ALLOWED_HOSTS. */
  refused?: string;
}

export interface GraphResponse<T = any> extends GraphFailure {
  body: T;
  /** The Retry-After header as sent (seconds or an HTTP date); Graph itself rarely sends one, proxies in front may. */
  retryAfter?: string;
}

export interface GraphDownload extends GraphFailure {
  bytes: Buffer | null;
  contentType?: string;
}

/**
 * A thin client for the Graph API endpoints the channel uses; errors are returned, never thrown. The base URL is a
 * tenant setting and media URLs come from whatever answers there, so every request goes through safeFetch:
 * private, loopback, link-local and metadata addresses are refused (after DNS and on each redirect) unless the
 * operator lists the host in OUTBOUND_ALLOWED_HOSTS.
 */
export class GraphClient {
  private readonly base: string;

  constructor(
    private readonly config: WhatsAppConnectionConfig,
    private readonly allowedHosts: readonly AllowedHost[],
    /** Pooled keep-alive connections for API calls (one pool per channel instance, whose allowedHosts are fixed). */
    private readonly agents?: KeepAliveAgents,
  ) {
    this.base = `${(config.graphApiBaseUrl ?? GRAPH_DEFAULTS.baseUrl).replace(/\/+$/, '')}/${config.graphApiVersion ?? GRAPH_DEFAULTS.version}`;
  }

  sendMessage(body: Record<string, unknown>): Promise<GraphResponse> {
    return this.request('POST', `/${this.config.phoneNumberId}/messages`, { messaging_product: 'whatsapp', ...body });
  }

  async listTemplates(): Promise<GraphResponse<{ data?: unknown[] }>> {
    const all: unknown[] = [];
    let path: string | null = `/${this.config.businessAccountId}/message_templates?limit=100`;
    for (let page = 0; path && page < 50; page++) {
      const res: GraphResponse = await this.request('GET', path);
      if (res.status !== 200) return res;
      all.push(...(Array.isArray(res.body?.data) ? res.body.data : []));
      const after = res.body?.paging?.cursors?.after;
      path = res.body?.paging?.next && after ? `/${this.config.businessAccountId}/message_templates?limit=100&after=${encodeURIComponent(after)}` : null;
    }
    return { status: 200, body: { data: all } };
  }

  /** The number's standing: quality rating and messaging limit, as far as the Graph API reports them. */
  phoneNumber(): Promise<GraphResponse<{ quality_rating?: string; messaging_limit_tier?: string; display_phone_number?: string; verified_name?: string }>> {
    return this.request('GET', `/${this.config.phoneNumberId}?fields=quality_rating,messaging_limit_tier,display_phone_number,verified_name`);
  }

  mediaInfo(mediaId: string): Promise<GraphResponse<{ url?: string; mime_type?: string; sha256?: string; file_size?: string }>> {
    return this.request('GET', `/${encodeURIComponent(mediaId)}?phone_number_id=${this.config.phoneNumberId}`);
  }

  /** Media URLs need the same bearer token as the API; the URL is the Graph server's word, so it is checked too. */
  async download(url: string): Promise<GraphDownload> {
    const res = await this.fetchSafely(url, { headers: this.auth(), timeoutMs: DOWNLOAD_TIMEOUT_MS, maxBytes: MAX_MEDIA_BYTES });
    if (!('headers' in res)) return { ...res, bytes: null };
    return { status: res.status, bytes: res.bytes, contentType: res.headers['content-type'] };
  }

  private async request(method: string, path: string, body?: unknown): Promise<GraphResponse> {
    const res = await this.fetchSafely(`${this.base}${path}`, {
      method,
      headers: { ...this.auth(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_API_BYTES,
      agents: this.agents,
    });
    if (!('headers' in res)) return { ...res, body: null };
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* non-JSON body, kept as text */
    }
    const retryAfter = res.headers['retry-after'];
    return { status: res.status, body: parsed, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) };
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.config.accessToken}` };
  }

  private async fetchSafely(url: string, opts: Omit<SafeFetchOptions, 'allowedHosts'>): Promise<SafeResponse | GraphFailure> {
    try {
      const res = await safeFetch(url, { ...opts, allowedHosts: this.allowedHosts });
      if (res.truncated) return { networkError: `response from ${new URL(res.url).host} is larger than ${opts.maxBytes} bytes` };
      return res;
    } catch (err) {
      const refused = err instanceof SafeFetchError && (err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL');
      return refused ? { refused: (err as Error).message } : { networkError: (err as Error).message };
    }
  }
}
