import { DEFAULT_TEMPLATES, withIds } from './templates';
import type { FakeGraphOptions, FakeTemplate } from './fake-graph.types';

export interface ResolvedGraphOptions {
  accessToken: string;
  phoneNumberId: string;
  businessAccountId: string;
  displayPhoneNumber: string;
  appSecret: string;
  templates: FakeTemplate[];
  strictWindow: boolean;
  autoStatuses: boolean;
  statusDelayMs: number;
  statusesBeforeAnswer: boolean;
}

export function resolveOptions(opts: FakeGraphOptions): ResolvedGraphOptions {
  return {
    accessToken: opts.accessToken ?? 'test-access-token',
    phoneNumberId: opts.phoneNumberId ?? '100000000000001',
    businessAccountId: opts.businessAccountId ?? '200000000000002',
    displayPhoneNumber: opts.displayPhoneNumber ?? '15550001111',
    appSecret: opts.appSecret ?? 'test-app-secret',
    templates: withIds(opts.templates ?? DEFAULT_TEMPLATES),
    strictWindow: opts.strictWindow ?? false,
    autoStatuses: opts.autoStatuses ?? true,
    statusDelayMs: opts.statusDelayMs ?? 20,
    statusesBeforeAnswer: opts.statusesBeforeAnswer ?? false,
  };
}
