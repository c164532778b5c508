import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import type { OperatorRole } from '@confab/plugin-sdk';
import { Tenant } from '../entities/tenant.entity';
import { OperatorSession } from './operator-session.entity';

export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
/** last_seen_at (and with it the idle expiry) is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A live session with the operator's current name and role (a role change applies on the next request). */
export interface ResolvedSession {
  sessionId: string;
  tenantId: string;
  csrfToken: string;
  operator: { id: string; email: string; name: string; role: OperatorRole };
}

interface SessionRow {
  id: string;
  tenant_id: string;
  operator_id: string;
  csrf_token: string;
  last_seen_at: Date;
  email: string;
  name: string;
  role: OperatorRole;
}

/** Server-side sessions: the cookie carries a 256-bit token, the table its SHA-256. */
@Injectable()
export class SessionService {
  constructor(private readonly db: Db) {}

  async open(tenantId: string, operatorId: string): Promise<{ token: string; csrfToken: string; maxAgeSeconds: number }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = Date.now();
    // Dead sessions (of anyone) go when a new one starts: sign-ins are rare and rate limited, and the idle expiry
    // (never later than the absolute one) is indexed, so the table stays as small as the live sessions.
    await this.db.platform().getConnection().execute('delete from operator_sessions where idle_expires_at <= now()', [], 'run');
    await this.db.transaction(tenantId, async (em) => {
      em.persist(
        Object.assign(new OperatorSession(), {
          tenantId,
          operatorId,
          tokenHash: hashToken(token),
          csrfToken,
          idleExpiresAt: new Date(now + SESSION_IDLE_MS),
          expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
        }),
      );
    });
    return { token, csrfToken, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 };
  }

  /** One indexed read (session joined to its operator); the touch is a second statement at most once a minute. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (token.length < 20 || token.length > 100) return null;
    const conn = this.db.platform().getConnection();
    const [row] = await conn.execute<SessionRow[]>(
      `select s.id, s.tenant_id, s.operator_id, s.csrf_token, s.last_seen_at, o.email, o.name, o.role
         from operator_sessions s join operators o on o.id = s.operator_id
        where s.token_hash = ? and s.idle_expires_at > now() and s.expires_at > now()`,
      [hashToken(token)],
    );
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await conn.execute(
        `update operator_sessions set last_seen_at = now(), idle_expires_at = least(now() + ?::interval, expires_at) where id = ?`,
        [`${SESSION_IDLE_MS / 1000} seconds`, row.id],
        'run',
      );
    }
    return {
      sessionId: row.id,
      tenantId: row.tenant_id,
      csrfToken: row.csrf_token,
      operator: { id: row.operator_id, email: row.email, name: row.name, role: row.role },
    };
  }

  async tenantOf(tenantId: string): Promise<{ id: string; name: string; timezone: string }> {
    const { id, name, timezone } = await this.db.platform().findOneOrFail(Tenant, { id: tenantId });
    return { id, name, timezone };
  }

  async close(token: string): Promise<void> {
    await this.db.platform().getConnection().execute('delete from operator_sessions where token_hash = ?', [hashToken(token)], 'run');
  }

  /** Signs an operator out everywhere (deleted, password set anew), except in the session `keepId` if given. */
  async closeAllOf(tenantId: string, operatorId: string, keepId?: string): Promise<void> {
    await this.db.forTenant(tenantId).nativeDelete(OperatorSession, { operatorId, ...(keepId ? { id: { $ne: keepId } } : {}) });
  }
}
