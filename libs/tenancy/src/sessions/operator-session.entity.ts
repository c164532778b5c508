import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a database leak signs no one in. */
@Entity({ tableName: 'operator_sessions' })
@TenantScoped()
export class OperatorSession {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  operatorId!: string;

  @Property({ type: 'text' })
  tokenHash!: string;

  /** Sent back in X-CSRF-Token on writes; useless without the HttpOnly cookie, so kept as is. */
  @Property({ type: 'text' })
  csrfToken!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  lastSeenAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  idleExpiresAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
