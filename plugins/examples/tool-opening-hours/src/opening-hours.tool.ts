import { Inject, Injectable, Optional } from '@nestjs/common';
import { safeFetch, SafeFetchError } from '@confab/net';
import { InjectPluginSettings, Tool, type JsonSchemaObject, type ToolContext, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { OpeningHoursConfig } from './opening-hours.config';
import { OPENING_HOURS_OPTIONS, type OpeningHoursOptions } from './opening-hours.options';
import { DEFAULT_FETCH_TIMEOUT_MS, OpeningHoursSettings } from './opening-hours.settings';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export interface OpeningHoursArgs {
  day: (typeof WEEKDAYS)[number];
}

/** What the hours service answers for one day: `{ "open": "09:00", "close": "18:00" }` or `{ "closed": true }`. */
interface DayHours {
  open?: string;
  close?: string;
  closed?: boolean;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Example tool plugin (plugins/examples): asks a store's hours service when the store is open on a given day.
 * Everything a real HTTP-backed tool needs is here: per-assistant config, an SSRF-safe call bounded in time and
 * size, the tool's abort signal, and provider failures (429 with Retry-After, 5xx) turned into results the model reads.
 */
@Injectable()
@Tool({ name: 'get_opening_hours', risk: 'read', timeoutMs: 5_000, configSchema: OpeningHoursConfig })
export class OpeningHoursTool implements ToolPlugin<OpeningHoursArgs, OpeningHoursConfig> {
  constructor(
    @Inject(OPENING_HOURS_OPTIONS) private readonly options: OpeningHoursOptions,
    // Optional: built without the server (a unit test), the tool runs on the declared defaults.
    @Optional() @InjectPluginSettings(OpeningHoursSettings) private readonly settings: typeof OpeningHoursSettings.values = { fetchTimeoutMs: DEFAULT_FETCH_TIMEOUT_MS },
  ) {}

  readonly description = 'Look up when the store is open on a day of the week. Call it before answering any question about opening hours.';

  readonly parameters: JsonSchemaObject = {
    type: 'object',
    properties: { day: { type: 'string', enum: [...WEEKDAYS], description: 'Day of the week, in English, lower case.' } },
    required: ['day'],
    additionalProperties: false,
  };

  async execute(args: OpeningHoursArgs, ctx: ToolContext<OpeningHoursConfig>): Promise<ToolResult> {
    const url = `${ctx.config.serviceUrl.replace(/\/$/, '')}/stores/${encodeURIComponent(ctx.config.storeId)}/hours?day=${args.day}`;
    let res;
    try {
      res = await safeFetch(url, { timeoutMs: this.settings.fetchTimeoutMs, maxBytes: 16_384, allowedHosts: this.options.allowedHosts, signal: ctx.signal, headers: { accept: 'application/json' } });
    } catch (err) {
      const reason = err instanceof SafeFetchError ? err.code : 'NETWORK';
      ctx.logger.warn('Hours service unreachable', { reason });
      return { isError: true, content: { error: 'unavailable', message: 'The opening hours cannot be looked up right now. Say so and offer to help otherwise.' } };
    }
    if (res.status === 429) {
      // The provider says when to come back; the model tells the customer instead of calling again in a loop.
      const wait = retryAfterSeconds(res.headers['retry-after']);
      return { isError: true, content: { error: 'rate_limited', retryAfterSeconds: wait, message: 'The hours service is busy. Do not call again in this turn.' } };
    }
    if (res.status === 404) return { isError: true, content: { error: 'unknown_store', message: 'The hours service does not know this store.' } };
    if (res.status < 200 || res.status >= 300) return { isError: true, content: { error: 'unavailable', status: res.status, message: 'The opening hours cannot be looked up right now.' } };
    let hours: DayHours;
    try {
      hours = JSON.parse(res.body) as DayHours;
    } catch {
      return { isError: true, content: { error: 'unavailable', message: 'The hours service answered something unreadable.' } };
    }
    if (hours.closed) return { content: { day: args.day, closed: true } };
    return { content: { day: args.day, closed: false, opens: String(hours.open), closes: String(hours.close) } };
  }
}
