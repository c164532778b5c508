import type { ConnectionDirectory, Connection, ProviderError } from '@confab/plugin-sdk';
import type { ParsedNotification } from './wire/parsed-notification';

/** What the connection remembers about its traffic, in its state (shown on the dashboard's channel page). */
export interface StoredHealth {
  lastWebhookAt?: string;
  lastError?: { code: string; title: string; details?: string; at: string };
}

/**
 * Writing the state drops every process's cached connection, so a busy number would reload it on each callback:
 * "last webhook received" is only rewritten when the stored one is this much older (an error always is).
 */
export const WEBHOOK_STAMP_EVERY_MS = 60_000;

/** The newest provider error a notification reports, at webhook level or on a failed status. */
export function lastErrorOf(parsed: ParsedNotification): ProviderError | null {
  const all = [...parsed.errors, ...parsed.statuses.flatMap((s) => s.errors)];
  return all.length ? all[all.length - 1] : null;
}

export async function recordWebhookHealth(directory: ConnectionDirectory, connection: Connection<object>, parsed: ParsedNotification | null, now = new Date()): Promise<void> {
  const state = connection.state as StoredHealth;
  const last = state.lastWebhookAt ? Date.parse(state.lastWebhookAt) : 0;
  const error = parsed ? lastErrorOf(parsed) : null;
  const patch: StoredHealth = {};
  if (!(now.getTime() - last < WEBHOOK_STAMP_EVERY_MS)) patch.lastWebhookAt = now.toISOString();
  if (error) {
    patch.lastWebhookAt = now.toISOString();
    patch.lastError = { code: error.code, title: error.title, ...(error.details ? { details: error.details } : {}), at: now.toISOString() };
  }
  if (Object.keys(patch).length) await directory.saveState(connection, patch as Record<string, unknown>);
}

/** A send Meta refused (or that never reached it) is the connection's last error too: a revoked token shows here. */
export async function recordSendError(directory: ConnectionDirectory, connection: Connection<object>, error: { code: string; title: string; details?: string }, now = new Date()): Promise<void> {
  const lastError: StoredHealth['lastError'] = { code: error.code, title: error.title, ...(error.details ? { details: error.details } : {}), at: now.toISOString() };
  await directory.saveState(connection, { lastError });
}
