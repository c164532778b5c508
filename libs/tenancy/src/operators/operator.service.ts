import { createHash, randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { Conflict, NotFound, type OperatorRole } from '@confab/plugin-sdk';
import { SessionService } from '../sessions/session.service';
import { Operator } from './operator.entity';
import { hashPassword } from './password-hash';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(`invite:${token}`).digest('hex');
}

/** Emails are compared case-insensitively; they are stored as typed but trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewOperator {
  email: string;
  name: string;
  role: OperatorRole;
  password?: string;
}

export class EmailTaken extends Conflict {
  constructor(email: string) {
    super('EMAIL_TAKEN', `An operator with the email ${email} already exists`, { field: 'email' });
  }
}

/** An admin acting on their own account in a way that would lock them out of administration. */
export class SelfLockout extends Conflict {
  constructor(message: string) {
    super('SELF_LOCKOUT', message);
  }
}

/** Operator accounts of a tenant: created with a password or an invitation link, changed and removed by an admin. */
@Injectable()
export class OperatorService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
  ) {}

  /** Creates the account; without a password it returns an invitation token (shown once, valid 7 days). */
  async create(tenantId: string, input: NewOperator): Promise<{ operator: Operator; inviteToken: string | null }> {
    const email = normaliseEmail(input.email);
    const inviteToken = input.password ? null : randomBytes(32).toString('base64url');
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    try {
      const operator = await this.db.transaction(tenantId, async (em) => {
        const row = Object.assign(new Operator(), {
          tenantId,
          email,
          name: input.name.trim(),
          role: input.role,
          passwordHash,
          inviteTokenHash: inviteToken ? hashInviteToken(inviteToken) : null,
          inviteExpiresAt: inviteToken ? new Date(Date.now() + INVITATION_TTL_MS) : null,
        });
        em.persist(row);
        return row;
      });
      return { operator, inviteToken };
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new EmailTaken(email);
      throw err;
    }
  }

  async list(tenantId: string): Promise<Operator[]> {
    return this.db.forTenant(tenantId).find(Operator, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(tenantId: string, id: string): Promise<Operator> {
    const operator = await this.db.forTenant(tenantId).findOne(Operator, { id });
    if (!operator) throw new NotFound('operator', id);
    return operator;
  }

  /** `actorId`: the operator making the change, who may not take their own admin role away. */
  async update(tenantId: string, id: string, changes: { name?: string; role?: OperatorRole }, actorId?: string): Promise<Operator> {
    return this.db.transaction(tenantId, async (em) => {
      const operator = await em.findOne(Operator, { id });
      if (!operator) throw new NotFound('operator', id);
      if (actorId === id && changes.role !== undefined && changes.role !== 'admin') {
        throw new SelfLockout('You cannot take away your own admin role; another admin (or an admin API key) can.');
      }
      if (changes.name !== undefined) operator.name = changes.name.trim();
      if (changes.role !== undefined) operator.role = changes.role;
      return operator;
    });
  }

  /** Removes the account and signs it out everywhere (sessions go with it). */
  async remove(tenantId: string, id: string, actorId?: string): Promise<void> {
    if (actorId === id) throw new SelfLockout('You cannot delete your own account; another admin (or an admin API key) can.');
    await this.db.transaction(tenantId, async (em) => {
      const operator = await em.findOne(Operator, { id });
      if (!operator) throw new NotFound('operator', id);
      em.remove(operator);
    });
    await this.sessions.closeAllOf(tenantId, id);
  }

  /** A new invitation link for the account (the old one stops working); the password, if any, stays until it is used. */
  async reinvite(tenantId: string, id: string): Promise<{ operator: Operator; inviteToken: string }> {
    const inviteToken = randomBytes(32).toString('base64url');
    const operator = await this.db.transaction(tenantId, async (em) => {
      const row = await em.findOne(Operator, { id });
      if (!row) throw new NotFound('operator', id);
      row.inviteTokenHash = hashInviteToken(inviteToken);
      row.inviteExpiresAt = new Date(Date.now() + INVITATION_TTL_MS);
      return row;
    });
    return { operator, inviteToken };
  }
}
