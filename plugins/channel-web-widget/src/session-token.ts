import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a session token says: which connection, visitor and origin it belongs to, and the identity it proved. */
export interface WidgetSession {
  tenantId: string;
  connectionId: string;
  visitorId: string;
  origin: string;
  /** Set when the host page passed a valid signed identity. */
  userId?: string;
  name?: string;
  email?: string;
  locale?: string;
  /** Unix seconds. */
  expiresAt: number;
}

export const SESSION_TTL_SECONDS = 3600;
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;

export function newVisitorId(): string {
  return `v_${randomBytes(16).toString('base64url')}`;
}

export function isVisitorId(value: string): boolean {
  return VISITOR_ID.test(value);
}

/** The token signing key, derived from the installation's secrets key so every API process signs alike. */
export function sessionKeyFrom(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'confab web widget session tokens v1', 32));
}

/**
 * Stateless tokens (`wst_<payload>.<mac>`): any API process can check one without a lookup, and a visitor cannot
 * change the connection, origin or proved identity inside without breaking the HMAC.
 */
export class SessionTokens {
  constructor(private readonly key: Buffer) {}

  issue(session: Omit<WidgetSession, 'expiresAt'>, now = Date.now()): { token: string; session: WidgetSession } {
    const full: WidgetSession = { ...session, expiresAt: Math.floor(now / 1000) + SESSION_TTL_SECONDS };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `wst_${payload}.${this.mac(payload)}`, session: full };
  }

  /** The session, or why the token is refused (for a 401 that tells the widget to start a new session). */
  verify(token: string | undefined, now = Date.now()): WidgetSession | { problem: string } {
    const m = token ? /^wst_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
    if (!m) return { problem: 'Send the widget session token as "Authorization: Bearer wst_..." (from POST /api/v1/widget/{publicKey}/sessions)' };
    const expected = Buffer.from(this.mac(m[1]));
    const given = Buffer.from(m[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: 'The widget session token is not valid; start a new session' };
    const session = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as WidgetSession;
    if (session.expiresAt * 1000 <= now) return { problem: 'The widget session token has expired; refresh it or start a new session' };
    return session;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
