import { Injectable, Logger } from '@nestjs/common';
import { Db, PgSignals, RowCache } from '@confab/persistence';
import { Assistant } from '../entities/assistant.entity';

/** Sent by a trigger on the assistants table (migration AssistantChangedSignal) with the changed assistant's id. */
export const ASSISTANT_CHANGED = 'confab_assistant_changed';
/** How long an assistant is served from memory when the change signal is lost. */
export const ASSISTANT_CACHE_MS = 15_000;

/**
 * The assistants replies are written with, by id. Every reply needs its assistant, which changes only when an
 * operator edits it: reading it each time cost a statement and an entity hydration per message. Any change to the
 * row (whoever makes it: the API, a knowledge base's deletion, SQL by hand) drops the copy in every process through
 * the trigger's signal; this process's own edits drop it at once (AssistantService).
 */
@Injectable()
export class AssistantCache {
  private readonly logger = new Logger('AssistantCache');
  private readonly cache = new RowCache<Assistant>(ASSISTANT_CACHE_MS);

  constructor(
    private readonly db: Db,
    private readonly signals: PgSignals,
  ) {}

  /**
   * A live (not deleted) assistant of the tenant. The copy is detached and frozen: it is shared by every reply of
   * the assistant, so a caller that needs a variant makes its own (assistant-draft.ts).
   */
  async find(tenantId: string, id: string): Promise<Assistant | undefined> {
    this.listen();
    const hit = this.cache.get(id);
    if (hit && hit.tenantId === tenantId) return hit;
    const version = this.cache.version;
    const found = await this.db.forTenant(tenantId).findOne(Assistant, { id, deletedAt: null });
    if (!found) return undefined;
    const detached: Assistant = Object.freeze({ ...found });
    this.cache.set(id, detached, version);
    return detached;
  }

  /** After this process committed a change (the trigger's signal reaches the other processes). */
  drop(id: string): void {
    this.cache.drop(id);
  }

  /** From the first read on: a process that never reads an assistant caches none. */
  private listen(): void {
    this.cache.follow(this.signals, ASSISTANT_CHANGED, (err) =>
      this.logger.warn({ msg: 'Not listening for assistant changes; cached assistants expire by age only', error: err.message }),
    );
  }
}
