import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RateLimits, TooManyRequests, type AuthContext, type PluginLimit, type SourceFailurePolicy } from '@confab/plugin-sdk';
import { TenantService, type TenantRateLimits } from '@confab/tenancy';
import type { RateLimitDefaults } from '../../config/app-config';
import type { Request } from 'express';
import { sourceAddress } from './source-address';
import { LimitStore, type LimitRule, type LimitState } from './limit-store';

/** AuthContext.apiKeyId of a dashboard session (libs/tenancy): `operator:<operatorId>`. */
const SESSION_KEY_PREFIX = 'operator:';

export const RATE_LIMIT_DEFAULTS = Symbol('RATE_LIMIT_DEFAULTS');

const MINUTE = 60;
const BURST_WINDOW = 10;
/**
 * A source with no spent failure limit is not asked about again in Redis for this long: every webhook of a busy
 * number comes from the same few addresses, and one Redis read per webhook bought nothing. A failure recorded in this
 * process forgets the verdict at once; one recorded elsewhere counts here after this long at most.
 */
const CLEAN_SOURCE_MS = 1_000;
const CLEAN_SOURCES_MAX = 10_000;

/** The state to report in RateLimit-* headers: a spent limit that frees up last, else the one with least room. */
export function tightest(states: LimitState[]): LimitState | null {
  const spent = states.filter((s) => !s.allowed);
  if (spent.length) return spent.reduce((a, b) => (b.resetMs > a.resetMs ? b : a));
  // The fewest requests left is what stops the caller first; on a tie, the window that frees up later.
  return states.reduce<LimitState | null>((a, b) => (!a || b.remaining < a.remaining || (b.remaining === a.remaining && b.resetMs > a.resetMs) ? b : a), null);
}

function refuse(state: LimitState, what: string): never {
  const seconds = Math.max(1, Math.ceil(state.resetMs / 1000));
  throw new TooManyRequests(`Too many requests: ${what} allows ${state.limit} per ${state.windowSeconds} s; retry in ${seconds} s`, state.resetMs, {
    limit: state.limit,
    policy: state.policy,
  });
}

/**
 * Every limit the platform applies, with the tenant's own settings (cached by TenantService) over the
 * installation's defaults. Bound as the SDK's RateLimits port, so channel plugins limit their ingress here too.
 */
@Injectable()
export class RateLimitService extends RateLimits implements OnModuleDestroy {
  /** `policy:source` of addresses whose failure limit had room, until when that verdict is reused. */
  private readonly cleanSources = new Map<string, number>();

  constructor(
    private readonly store: LimitStore,
    private readonly tenants: TenantService,
    @Inject(RATE_LIMIT_DEFAULTS) private readonly defaults: RateLimitDefaults,
  ) {
    super();
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  private async settings(tenantId: string): Promise<Required<TenantRateLimits>> {
    const own = await this.tenants.rateLimits(tenantId);
    return { ...this.defaults, ...own } as Required<TenantRateLimits>;
  }

  /** Counts one request of a tenant API key against the key's and the tenant's limits; returns every state. */
  async countApiRequest(auth: AuthContext): Promise<LimitState[]> {
    if (auth.apiKeyId.startsWith(SESSION_KEY_PREFIX)) {
      // A person in the dashboard: limits of their own, wide enough for pages that load several things at once.
      return this.store.consume([
        { policy: 'session_minute', key: auth.apiKeyId, points: this.defaults.sessionPerMinute ?? 1_200, windowSeconds: MINUTE },
        { policy: 'session_burst', key: auth.apiKeyId, points: this.defaults.sessionBurstPer10s ?? 300, windowSeconds: BURST_WINDOW },
      ]);
    }
    const s = await this.settings(auth.tenantId);
    const rules: LimitRule[] = [
      { policy: 'api_key_minute', key: auth.apiKeyId, points: s.apiKeyPerMinute, windowSeconds: MINUTE },
      { policy: 'api_key_burst', key: auth.apiKeyId, points: s.apiKeyBurstPer10s, windowSeconds: BURST_WINDOW },
      { policy: 'tenant_minute', key: auth.tenantId, points: s.tenantPerMinute, windowSeconds: MINUTE },
      { policy: 'tenant_burst', key: auth.tenantId, points: s.tenantBurstPer10s, windowSeconds: BURST_WINDOW },
    ];
    return this.store.consume(rules);
  }

  /** What an over-limit API request is told. */
  refuseApiRequest(state: LimitState): never {
    refuse(state, state.policy.startsWith('tenant') ? "this tenant's API usage" : state.policy.startsWith('session') ? 'this sign-in session' : 'this API key');
  }

  async admitInbound(connection: { id: string; tenantId: string }, customerKey: string): Promise<void> {
    const s = await this.settings(connection.tenantId);
    const states = await this.store.consume([
      { policy: 'ingress_customer', key: `${connection.id}:${customerKey}`, points: s.customerPerMinute, windowSeconds: MINUTE },
      { policy: 'ingress_connection', key: connection.id, points: s.connectionPerMinute, windowSeconds: MINUTE },
    ]);
    const spent = states.filter((st) => !st.allowed);
    if (spent.length) {
      const state = tightest(spent)!;
      refuse(state, state.policy === 'ingress_customer' ? 'one customer of this channel' : 'this channel connection');
    }
  }

  async admit(limits: PluginLimit[]): Promise<void> {
    const states = await this.store.consume(limits.map((l) => ({ policy: l.policy, key: l.key, points: l.perMinute, windowSeconds: MINUTE })));
    const spent = tightest(states.filter((st) => !st.allowed));
    if (spent) refuse(spent, limits.find((l) => l.policy === spent.policy)!.what);
  }

  async assertSourceAllowed(policy: SourceFailurePolicy, source: string): Promise<void> {
    await this.assertFailuresAllowed(policy, source, this.defaults.webhookFailuresPerMinute, 'failed signature checks from this address');
  }

  async recordSourceFailure(policy: SourceFailurePolicy, source: string): Promise<void> {
    this.cleanSources.delete(`${policy}:${source}`);
    await this.store.consume([{ policy: `${policy}_failures`, key: source, points: this.defaults.webhookFailuresPerMinute, windowSeconds: MINUTE }], false);
  }

  async admitSignIn(address: string): Promise<void> {
    // The same /64 grouping as every per-address limit: one IPv6 subscriber must not get 2^64 budgets.
    const source = sourceAddress({ ip: address } as Request);
    const [state] = await this.store.consume([{ policy: 'sign_in', key: source, points: this.defaults.signInPerMinute, windowSeconds: MINUTE }]);
    if (state && !state.allowed) refuse(state, 'signing in from this address');
  }

  /** Refuses an address that failed authentication too often in the current minute. */
  async assertAuthAllowed(address: string): Promise<void> {
    await this.assertFailuresAllowed('auth', address, this.defaults.authFailuresPerMinute, 'failed authentication from this address');
  }

  async recordAuthFailure(address: string): Promise<void> {
    this.cleanSources.delete(`auth:${address}`);
    await this.store.consume([{ policy: 'auth_failures', key: address, points: this.defaults.authFailuresPerMinute, windowSeconds: MINUTE }], false);
  }

  private async assertFailuresAllowed(policy: string, source: string, points: number, what: string): Promise<void> {
    const memo = `${policy}:${source}`;
    const now = Date.now();
    if ((this.cleanSources.get(memo) ?? 0) > now) return;
    const state = await this.store.peek({ policy: `${policy}_failures`, key: source, points, windowSeconds: MINUTE });
    if (state && !state.allowed) {
      this.cleanSources.delete(memo);
      this.store.countRefusal(state.policy);
      refuse(state, what);
    }
    // Only a source with plenty of room is trusted for a while: near its limit, every request asks again.
    if (!state || state.remaining > points / 2) {
      if (this.cleanSources.size >= CLEAN_SOURCES_MAX) this.cleanSources.delete(this.cleanSources.keys().next().value!);
      this.cleanSources.set(memo, now + CLEAN_SOURCE_MS);
    }
  }
}
