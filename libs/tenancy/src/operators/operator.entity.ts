import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';
import type { OperatorRole } from '@confab/plugin-sdk';

/**
 * A person who signs in to the dashboard. The email is unique across the installation (sign-in names no tenant).
 * The password is kept only as a salted scrypt hash; an invitation only as a SHA-256 of its token.
 */
@Entity({ tableName: 'operators' })
@TenantScoped()
export class Operator {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  role!: OperatorRole;

  /** Null until an invited operator sets a password. */
  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash?: string | null = null;

  /** Wrong passwords since `failuresSince`; five within the lock-out window lock the account. */
  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  failuresSince?: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null = null;

  @Property({ type: 'text', nullable: true, hidden: true })
  inviteTokenHash?: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  inviteExpiresAt?: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastSignInAt?: Date | null = null;
}
