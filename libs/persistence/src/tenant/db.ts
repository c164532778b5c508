import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxRelay } from '../event-log/outbox-relay';
import { TENANT_FILTER } from './tenant-scoped';
import { PreparedSql } from './prepared-sql';

/**
 * The only way code reaches the database: a fresh EntityManager bound to one tenant, or an explicitly named
 * platform-level one for the few lookups that precede a tenant (API key resolution, the relay).
 */
@Injectable()
export class Db {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly prepared: PreparedSql,
  ) {}

  /**
   * One statement outside any transaction, prepared once per connection (prepared-sql.ts): for the hot path's
   * reads, whose parse and plan cost PostgreSQL more than running them. The statement names its tenant itself.
   */
  query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.prepared.query<R>(sql, params);
  }

  /**
   * A write that is one statement outside any transaction (atomic by itself), prepared like `query`. Events it
   * appends commit with it; afterwards the relay is woken as after a transaction, unless the statement queued
   * nothing for it (`wakesRelay: false`, from appendEventsSql's `relayed`): a wake then costs an empty claim.
   */
  async write<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], { wakesRelay = true } = {}): Promise<R[]> {
    const rows = await this.prepared.query<R>(sql, params);
    if (wakesRelay) this.relay.committed();
    return rows;
  }

  /**
   * The ORM's own manager, for what native statements need of the model (metadata, the platform's conversions):
   * a fork per call cost a reply job about 1% of a worker's CPU. MikroORM refuses queries on it outside a context.
   */
  model(): EntityManager {
    return this.orm.em as EntityManager;
  }

  forTenant(tenantId: string): EntityManager {
    const em = this.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
    em.setFilterParams(TENANT_FILTER, { tenantId });
    return em;
  }

  /** Platform-level access: callers must pass `filters: false` or name the tenant themselves. */
  platform(): EntityManager {
    return this.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
  }

  /**
   * Runs `work` in one transaction in the tenant's context. Events appended inside commit with the state
   * they describe; after the commit this process's relay is woken, or (when it does not relay) the others.
   */
  async transaction<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.forTenant(tenantId).transactional(async (tx) => {
      tx.setFilterParams(TENANT_FILTER, { tenantId });
      return work(tx as EntityManager);
    });
    this.relay.committed();
    return result;
  }

  /**
   * Runs `work` without a transaction: for a change whose writes are one statement (atomic by itself), the
   * BEGIN and COMMIT around it are two round trips for nothing. Events the statement appends commit with it;
   * the relay is woken afterwards as after a transaction. Reads `work` makes before its write see no lock.
   */
  async autocommit<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await work(this.forTenant(tenantId));
    this.relay.committed();
    return result;
  }
}
