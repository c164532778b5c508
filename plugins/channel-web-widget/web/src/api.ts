// The widget HTTP API (contract C) seen from the browser. Every failure becomes an ApiError with a kind the UI can
// put into words; nothing is swallowed.

export interface WidgetConfig {
  title: string;
  greeting: string | null;
  color: string | null;
  position: 'right' | 'left';
  language: 'auto' | 'de' | 'en';
  preChatForm: { name: boolean; email: boolean } | null;
  awayText: string | null;
  requireIdentity: boolean;
  maxMessageLength: number;
}

export interface Identity {
  userId: string;
  name?: string;
  email?: string;
  hash: string;
}

export interface Session {
  token: string;
  visitorId: string;
  expiresAt: string;
  conversationId: string | null;
}

export interface LiveMessage {
  id: string;
  turnId?: string | null;
  author: 'customer' | 'assistant' | 'agent' | 'system';
  text: string;
  createdAt: string;
  status?: string | null;
  agentName?: string | null;
}

/** network: no answer (offline, or CORS refused the origin); the rest follow the HTTP status. */
export type ErrorKind = 'network' | 'rate_limited' | 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status = 0,
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

export class WidgetApi {
  constructor(
    readonly origin: string,
    readonly publicKey: string,
  ) {}

  config(): Promise<WidgetConfig> {
    return this.call('GET', `/api/v1/widget/${encodeURIComponent(this.publicKey)}/config`);
  }

  createSession(body: { visitorId?: string; identity?: Identity; name?: string; email?: string; locale?: string }): Promise<Session> {
    return this.call('POST', `/api/v1/widget/${encodeURIComponent(this.publicKey)}/sessions`, body);
  }

  refresh(token: string): Promise<Session> {
    return this.call('POST', '/api/v1/widget/sessions/refresh', {}, token);
  }

  history(token: string): Promise<{ messages: LiveMessage[] }> {
    return this.call('GET', '/api/v1/widget/messages', undefined, token);
  }

  send(token: string, text: string, clientMessageId: string): Promise<{ id: string; conversationId: string }> {
    return this.call('POST', '/api/v1/widget/messages', { text, clientMessageId }, token);
  }

  receipts(token: string, body: { delivered?: string[]; read?: string[] }): Promise<void> {
    return this.call('POST', '/api/v1/widget/receipts', body, token);
  }

  eventsUrl(token: string, lastEventId?: string): string {
    const q = new URLSearchParams({ token });
    if (lastEventId) q.set('lastEventId', lastEventId);
    return `${this.origin}/api/v1/widget/events?${q}`;
  }

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      // No cookies: the widget is identified by its token only, so the platform never sees the host page's session.
      res = await fetch(this.origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    } catch (e) {
      throw new ApiError('network', String(e));
    }
    const text = await res.text().catch(() => '');
    let data: any = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* an HTML error page from a proxy: the status says enough */
    }
    if (res.ok) return data as T;
    const message = Array.isArray(data?.message) ? data.message.join('; ') : String(data?.message ?? res.statusText);
    const s = res.status;
    if (s === 429) {
      // Retry-After is not readable cross-origin unless exposed, so the body carries it too.
      const wait = Number(data?.retryAfterSeconds ?? res.headers.get('retry-after')) || 10;
      throw new ApiError('rate_limited', message, s, Math.max(1, Math.ceil(wait)));
    }
    const kind: ErrorKind = s === 400 || s === 413 || s === 422 ? 'invalid' : s === 401 ? 'unauthorized' : s === 403 ? 'forbidden' : s === 404 ? 'not_found' : 'server';
    throw new ApiError(kind, message, s);
  }
}
