import { Injectable, Logger } from '@nestjs/common';
import { Db, PgSignals, RowCache, SecretBox } from '@confab/persistence';
import { Assistant } from '@confab/assistants';
import { NotFound, PluginRegistry, secretFieldsOf, validateConfig, ValidationFailed, withFieldPrefix, type Connection } from '@confab/plugin-sdk';
import { ChannelConnection } from '../entities/channel-connection.entity';

/** Signalled after a connection's row changed, with its id, so every process drops its cached copy. */
export const CONNECTION_CHANGED = 'confab_connection_changed';
/**
 * How long an opened connection is served from memory. Every webhook and every send needs its connection, and
 * reading it costs a statement plus an AES-GCM open; a change made by another process shows at once on the signal,
 * after this at most when the signal is lost.
 */
export const CONNECTION_CACHE_MS = 15_000;

export interface UpdateConnectionInput {
  name?: string;
  assistantId?: string;
  /** The whole non-secret config; a secret left out (or empty) keeps the stored one. */
  config?: Record<string, unknown>;
  status?: 'active' | 'disabled';
}

export interface CreateConnectionInput {
  type: string;
  assistantId: string;
  name?: string;
  config: Record<string, unknown>;
}

/**
 * Channel connections: config validated by the plugin's schema, fields the plugin marks @Secret() sealed into one
 * encrypted blob. Only this service ever sees decrypted secrets, and only to hand them to the plugin.
 */
@Injectable()
export class ConnectionService {
  private readonly logger = new Logger('ConnectionService');
  private readonly cache = new RowCache<Connection<object>>(CONNECTION_CACHE_MS);

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly secrets: SecretBox,
    private readonly signals: PgSignals,
  ) {}

  async create(tenantId: string, input: CreateConnectionInput): Promise<ChannelConnection> {
    if (!this.registry.hasChannel(input.type)) {
      const known = this.registry.channels().map((c) => c.options.type).join(', ');
      throw new ValidationFailed(`Unknown channel type '${input.type}'; installed: ${known}`, 'type');
    }
    const { options, plugin } = this.registry.channel(input.type);
    const config = validateConfig(options.configSchema, input.config ?? {}) as Record<string, unknown>;
    if (plugin.checkConfig) await withFieldPrefix('config', () => plugin.checkConfig!(tenantId, config));
    const secretKeys = new Set(secretFieldsOf(options.configSchema));
    const open = Object.fromEntries(Object.entries(config).filter(([k]) => !secretKeys.has(k)));
    const hidden = Object.fromEntries(Object.entries(config).filter(([k]) => secretKeys.has(k)));
    return this.db.transaction(tenantId, async (em) => {
      await this.requireAssistant(em, input.assistantId);
      const connection = Object.assign(new ChannelConnection(), {
        tenantId,
        type: input.type,
        assistantId: input.assistantId,
        name: input.name ?? `${options.displayName ?? input.type} connection`,
        config: open,
        sealedSecrets: Object.keys(hidden).length ? this.secrets.seal(JSON.stringify(hidden)) : null,
      });
      em.persist(connection);
      return connection;
    });
  }

  async list(tenantId: string): Promise<ChannelConnection[]> {
    return this.db.forTenant(tenantId).find(ChannelConnection, { status: { $ne: 'deleted' } }, { orderBy: { createdAt: 'asc' }, populate: ['sealedSecrets'] });
  }

  async get(tenantId: string, id: string): Promise<ChannelConnection> {
    const found = await this.db.forTenant(tenantId).findOne(ChannelConnection, { id, status: { $ne: 'deleted' } }, { populate: ['sealedSecrets'] });
    if (!found) throw new NotFound('channel connection', id);
    return found;
  }

  /**
   * The secret settings a connection really has stored (names only), so a form can say "stored" for those and
   * nothing for an optional secret that was never set. Needs the row loaded with `sealedSecrets`.
   */
  storedSecretKeys(row: ChannelConnection): string[] {
    if (!row.sealedSecrets) return [];
    return Object.keys(JSON.parse(this.secrets.open(row.sealedSecrets)) as Record<string, unknown>).sort();
  }

  /**
   * Edits a connection. The form sends the non-secret config in full but never sees the stored secrets, so a
   * secret it leaves out keeps its stored value; the merged config is validated as a whole, like on create.
   */
  async update(tenantId: string, id: string, input: UpdateConnectionInput): Promise<ChannelConnection> {
    const row = await this.db.transaction(tenantId, async (em) => {
      const found = await em.findOne(ChannelConnection, { id, status: { $ne: 'deleted' } }, { populate: ['sealedSecrets'] });
      if (!found) throw new NotFound('channel connection', id);
      if (input.assistantId !== undefined && input.assistantId !== found.assistantId) {
        await this.requireAssistant(em, input.assistantId);
        found.assistantId = input.assistantId;
      }
      if (input.config !== undefined) {
        if (!this.registry.hasChannel(found.type)) throw new ValidationFailed(`The ${found.type} plugin is not installed; its settings cannot be changed`, 'config');
        const { options, plugin } = this.registry.channel(found.type);
        const secretKeys = new Set(secretFieldsOf(options.configSchema));
        const stored = found.sealedSecrets ? (JSON.parse(this.secrets.open(found.sealedSecrets)) as Record<string, unknown>) : {};
        const given = Object.fromEntries(Object.entries(input.config).filter(([k, v]) => !(secretKeys.has(k) && (v === undefined || v === null || v === ''))));
        const merged = { ...Object.fromEntries(Object.entries(stored).filter(([k]) => secretKeys.has(k))), ...given };
        const config = validateConfig(options.configSchema, merged) as Record<string, unknown>;
        if (plugin.checkConfig) await withFieldPrefix('config', () => plugin.checkConfig!(tenantId, config));
        const hidden = Object.fromEntries(Object.entries(config).filter(([k]) => secretKeys.has(k)));
        found.config = Object.fromEntries(Object.entries(config).filter(([k]) => !secretKeys.has(k)));
        found.sealedSecrets = Object.keys(hidden).length ? this.secrets.seal(JSON.stringify(hidden)) : null;
      }
      if (input.name !== undefined) found.name = input.name;
      if (input.status !== undefined) found.status = input.status;
      return found;
    });
    await this.changed(id);
    return row;
  }

  /**
   * Deletes a connection for good: it leaves every list and can never be enabled again. The row stays (status
   * `deleted`) because its conversations, with their messages and costs, still name it.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const found = await em.findOne(ChannelConnection, { id, status: { $ne: 'deleted' } });
      if (!found) throw new NotFound('channel connection', id);
      found.status = 'deleted';
    });
    await this.changed(id);
  }

  /**
   * Loads a connection with its secrets opened. Without a tenant (provider webhooks) the lookup is by id alone;
   * the connection then names the tenant for everything that follows.
   */
  async load<T extends object>(id: string, scope: { type: string; tenantId?: string }): Promise<Connection<T>> {
    const connection = await this.cached(id, scope);
    if (!connection) throw new NotFound(`${scope.type} connection`, id);
    return connection as Connection<T>;
  }

  /**
   * An active connection by id alone, whatever its type, for callers that hold only the id (the send queue's
   * pacing); undefined when there is none. Shares the cache with `load`, so the send that follows finds it there.
   */
  find(tenantId: string, id: string): Promise<Connection<object> | undefined> {
    return this.cached(id, { tenantId });
  }

  /** From the cache when it holds the connection for this scope, else read, opened and cached. */
  private async cached(id: string, scope: { type?: string; tenantId?: string }): Promise<Connection<object> | undefined> {
    this.listen();
    const hit = this.cache.get(id);
    if (hit && (!scope.type || hit.type === scope.type) && (!scope.tenantId || hit.tenantId === scope.tenantId)) return copy(hit);
    const version = this.cache.version;
    const em = scope.tenantId ? this.db.forTenant(scope.tenantId) : this.db.platform();
    const where = { id, status: 'active' as const, ...(scope.type ? { type: scope.type } : {}) };
    const row = await em.findOne(ChannelConnection, where, { populate: ['sealedSecrets'], filters: scope.tenantId ? undefined : false });
    if (!row) return undefined;
    const connection = this.open<object>(row);
    this.cache.set(connection.id, connection, version);
    return copy(connection);
  }

  /** The per-assistant connection of an internal channel (test chats), created on first use. */
  async ensure(tenantId: string, type: string, assistantId: string): Promise<Connection<Record<string, unknown>>> {
    const row = await this.db.transaction(tenantId, async (em) => {
      // The assistant is the resource the route names (POST /assistants/{id}/test-chats): missing is a 404.
      const assistant = await this.requireAssistant(em, assistantId, () => new NotFound('assistant', assistantId));
      const existing = await em.findOne(ChannelConnection, { type, assistantId, status: 'active' });
      if (existing) return existing;
      const created = Object.assign(new ChannelConnection(), { tenantId, type, assistantId, name: `${assistant.name} (${type})`, config: {} });
      em.persist(created);
      return created;
    });
    return this.open(row);
  }

  async saveState(tenantId: string, connectionId: string, patch: Record<string, unknown>): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const row = await em.findOne(ChannelConnection, { id: connectionId });
      if (!row) throw new NotFound('channel connection', connectionId);
      row.state = { ...row.state, ...patch };
    });
    await this.changed(connectionId);
  }

  /** After a committed change: this process's copy goes at once, the other processes' on the signal. */
  private async changed(id: string): Promise<void> {
    this.cache.drop(id);
    await this.signals.notify(CONNECTION_CHANGED, id);
  }

  /** Other processes' changes, from the first load on (a process that never loads a connection caches nothing). */
  private listen(): void {
    this.cache.follow(this.signals, CONNECTION_CHANGED, (err) =>
      this.logger.warn({ msg: 'Not listening for connection changes; cached connections expire by age only', error: err.message }),
    );
  }

  private open<T extends object>(row: ChannelConnection): Connection<T> {
    const hidden = row.sealedSecrets ? (JSON.parse(this.secrets.open(row.sealedSecrets)) as Record<string, unknown>) : {};
    return { id: row.id, tenantId: row.tenantId, type: row.type, assistantId: row.assistantId, name: row.name, config: { ...row.config, ...hidden } as T, state: row.state };
  }

  private async requireAssistant(em: ReturnType<Db['forTenant']>, assistantId: string, missing?: () => Error): Promise<Assistant> {
    const assistant = await em.findOne(Assistant, { id: assistantId, deletedAt: null });
    if (!assistant) throw missing?.() ?? new ValidationFailed(`No assistant ${assistantId} in this tenant`, 'assistantId');
    return assistant;
  }
}

/** Callers get their own objects: a plugin that adjusts the config it was handed cannot change the cached one. */
function copy<T extends object>(connection: Connection<T>): Connection<T> {
  return { ...connection, config: { ...connection.config }, state: { ...connection.state } };
}
