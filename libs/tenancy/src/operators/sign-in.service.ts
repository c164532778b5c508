import { ForbiddenException, GoneException, Injectable, Logger, type OnModuleInit, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { TooManyRequests } from '@confab/plugin-sdk';
import { Tenant } from '../entities/tenant.entity';
import { SessionService } from '../sessions/session.service';
import { Operator } from './operator.entity';
import { hashInviteToken, normaliseEmail } from './operator.service';
import { dummyHash, hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/** One text for a wrong password and an unknown email, so the answer does not tell which emails have accounts. */
export const WRONG_CREDENTIALS = 'Email or password is wrong';

export interface SignedIn {
  token: string;
  maxAgeSeconds: number;
  csrfToken: string;
  operator: { id: string; email: string; name: string; role: Operator['role'] };
  tenant: { id: string; name: string; timezone: string };
}

function locked(until: Date): TooManyRequests {
  const ms = Math.max(1000, until.getTime() - Date.now());
  return new TooManyRequests(
    `This account is locked for ${Math.ceil(ms / 60_000)} min after ${LOCK_AFTER_FAILURES} wrong passwords; try again later or ask an admin to send an invitation link`,
    ms,
    { policy: 'sign_in_lockout' },
  );
}

/** Password sign-in with lock-out, and accepting an invitation (which sets the password and signs in). */
@Injectable()
export class SignInService implements OnModuleInit {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
  ) {}

  async onModuleInit(): Promise<void> {
    await dummyHash();
  }

  async signIn(email: string, password: string): Promise<SignedIn> {
    const em = this.db.platform();
    const operator = await em.findOne(Operator, { email: normaliseEmail(email) }, { filters: false });
    if (!operator?.passwordHash) {
      await verifyAgainstDummy(password);
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    if (operator.lockedUntil && operator.lockedUntil > new Date()) throw locked(operator.lockedUntil);
    if (!(await verifyPassword(password, operator.passwordHash))) {
      const lockedUntil = await this.recordFailure(operator.id);
      if (lockedUntil) {
        this.logger.warn({ msg: 'Operator locked out after repeated wrong passwords', operatorId: operator.id, tenantId: operator.tenantId, lockedUntil });
        throw locked(lockedUntil);
      }
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    // Conditional on no lock, so a right guess racing the wrong guesses that just locked the account stays out.
    const now = new Date();
    const admitted = await em.nativeUpdate(
      Operator,
      { id: operator.id, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] },
      { failedAttempts: 0, failuresSince: null, lockedUntil: null, lastSignInAt: now },
      { filters: false },
    );
    if (admitted !== 1) {
      const fresh = await em.findOne(Operator, { id: operator.id }, { filters: false, fields: ['lockedUntil'] });
      throw locked(fresh?.lockedUntil ?? new Date(Date.now() + LOCK_MS));
    }
    this.logger.log({ msg: 'Operator signed in', operatorId: operator.id, tenantId: operator.tenantId });
    return this.startSession(operator);
  }

  /** Sets the password of an invited (or re-invited) operator and signs them in; the link works once. */
  async acceptInvitation(token: string, password: string, name?: string): Promise<SignedIn> {
    const passwordHash = await hashPassword(password);
    const em = this.db.platform();
    const operator = await em.findOne(Operator, { inviteTokenHash: hashInviteToken(token) }, { filters: false });
    if (!operator) throw new NotFoundException('This invitation link is not valid: it was already used, replaced by a newer one, or never issued');
    if (!operator.inviteExpiresAt || operator.inviteExpiresAt <= new Date()) {
      throw new GoneException('This invitation link has expired; ask an admin of your team for a new one');
    }
    // Conditional on the token still being there, so two tabs accepting at once cannot both succeed.
    const changed = await em.nativeUpdate(
      Operator,
      { id: operator.id, inviteTokenHash: operator.inviteTokenHash },
      {
        passwordHash,
        inviteTokenHash: null,
        inviteExpiresAt: null,
        failedAttempts: 0,
        failuresSince: null,
        lockedUntil: null,
        lastSignInAt: new Date(),
        ...(name ? { name: name.trim() } : {}),
      },
      { filters: false },
    );
    if (changed !== 1) throw new NotFoundException('This invitation link was just used');
    // A new password ends the sessions opened with the old one.
    await this.sessions.closeAllOf(operator.tenantId, operator.id);
    if (name) operator.name = name.trim();
    this.logger.log({ msg: 'Operator accepted an invitation', operatorId: operator.id, tenantId: operator.tenantId });
    return this.startSession(operator);
  }

  /**
   * A signed-in operator changes their password. The current one is checked like a sign-in (wrong ones count
   * towards the lock-out, so a borrowed session cannot guess it); every other session of the account ends.
   */
  async changePassword(operatorId: string, keepSessionId: string, current: string, next: string): Promise<void> {
    const em = this.db.platform();
    const operator = await em.findOneOrFail(Operator, { id: operatorId }, { filters: false });
    if (operator.lockedUntil && operator.lockedUntil > new Date()) throw locked(operator.lockedUntil);
    if (!operator.passwordHash || !(await verifyPassword(current, operator.passwordHash))) {
      const lockedUntil = await this.recordFailure(operator.id);
      if (lockedUntil) throw locked(lockedUntil);
      throw new ForbiddenException('currentPassword is wrong');
    }
    const passwordHash = await hashPassword(next);
    await em.nativeUpdate(Operator, { id: operator.id }, { passwordHash, failedAttempts: 0, failuresSince: null }, { filters: false });
    await this.sessions.closeAllOf(operator.tenantId, operator.id, keepSessionId);
    this.logger.log({ msg: 'Operator changed their password', operatorId: operator.id, tenantId: operator.tenantId });
  }

  /**
   * Counts a wrong password in one statement (concurrent wrong guesses each count): a failure after the window
   * starts a new count; the fifth in the window locks the account and starts over. Returns the lock's end, if any.
   */
  private async recordFailure(operatorId: string): Promise<Date | null> {
    const fresh = `(failures_since is null or failures_since <= now() - ?::interval)`;
    const window = `${LOCK_WINDOW_MS / 1000} seconds`;
    const lockFor = `${LOCK_MS / 1000} seconds`;
    const [row] = await this.db.platform().getConnection().execute<Array<{ locked_until: Date | null }>>(
      `update operators set
         failed_attempts = case when ${fresh} then 1 when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end,
         failures_since = case when ${fresh} then now() when failed_attempts + 1 >= ? then null else failures_since end,
         locked_until = case when not ${fresh} and failed_attempts + 1 >= ? then now() + ?::interval else locked_until end
       where id = ?
       returning case when locked_until > now() then locked_until end as locked_until`,
      [window, LOCK_AFTER_FAILURES, window, LOCK_AFTER_FAILURES, window, LOCK_AFTER_FAILURES, lockFor, operatorId],
    );
    return row?.locked_until ? new Date(row.locked_until) : null;
  }

  private async startSession(operator: Operator): Promise<SignedIn> {
    const tenant = await this.db.platform().findOneOrFail(Tenant, { id: operator.tenantId });
    const session = await this.sessions.open(operator.tenantId, operator.id);
    return {
      ...session,
      operator: { id: operator.id, email: operator.email, name: operator.name, role: operator.role },
      tenant: { id: tenant.id, name: tenant.name, timezone: tenant.timezone },
    };
  }
}
