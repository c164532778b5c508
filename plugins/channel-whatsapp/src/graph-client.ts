import type { WhatsAppConnectionConfig } from './whatsapp.config';
import { GRAPH_DEFAULTS } from './whatsapp.config';

const TIMEOUT_MS = 15_000;

export interface GraphResponse<T = any> {
  /** Undefined when the request never got an answer (network error, timeout). */
  status?: number;
  body: T;
  networkError?: string;
}

/** A thin client for the Graph API endpoints the channel uses; errors are returned, never thrown. */
export class GraphClient {
  private readonly base: string;

  constructor(private readonly config: WhatsAppConnectionConfig) {
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

  mediaInfo(mediaId: string): Promise<GraphResponse<{ url?: string; mime_type?: string; sha256?: string; file_size?: string }>> {
    return this.request('GET', `/${encodeURIComponent(mediaId)}?phone_number_id=${this.config.phoneNumberId}`);
  }

  /** Media URLs need the same bearer token as the API. */
  async download(url: string): Promise<Response> {
    return fetch(url, { headers: { authorization: `Bearer ${this.config.accessToken}` }, signal: AbortSignal.timeout(60_000) });
  }

  private async request(method: string, path: string, body?: unknown): Promise<GraphResponse> {
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.config.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* non-JSON body, kept as text */
      }
      return { status: res.status, body: parsed };
    } catch (err) {
      return { body: null, networkError: (err as Error).message };
    }
  }
}
