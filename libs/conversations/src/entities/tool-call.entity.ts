import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

export type ToolCallValidation = 'ok' | 'invalid' | 'not_checked';

/** Every function call the model made: the audit trail (X6). */
@Entity({ tableName: 'tool_calls' })
@TenantScoped()
@Index({ properties: ['conversationId', 'createdAt'] })
@Index({ properties: ['tenantId', 'name', 'createdAt'] })
export class ToolCall {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  conversationId!: string;

  /** The assistant reply this call led to. */
  @Property({ type: 'uuid', nullable: true })
  messageId?: string | null;

  /** The model's id for the call (call_...). */
  @Property({ type: 'text' })
  callId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'jsonb', nullable: true })
  arguments?: unknown;

  /** Raw argument text when the model sent something that is not JSON. */
  @Property({ type: 'text', nullable: true })
  rawArguments?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  result?: unknown;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'text' })
  validation: ToolCallValidation = 'not_checked';

  @Property({ type: 'integer' })
  durationMs = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
