import type { AllowedHost } from '@confab/net';

export const OPENING_HOURS_OPTIONS = Symbol('OPENING_HOURS_OPTIONS');

/** Installation settings, given by the composition root (apps/server/src/plugins.ts). */
export interface OpeningHoursOptions {
  /** Hosts on internal addresses the tool may call anyway (OUTBOUND_ALLOWED_HOSTS); public hosts need no entry. */
  allowedHosts: AllowedHost[];
}
