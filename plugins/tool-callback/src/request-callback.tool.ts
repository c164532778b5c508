import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { Tool, type ToolContext, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { RequestCallbackConfig } from './request-callback.config';

export interface RequestCallbackArgs {
  phone?: string;
  topic: string;
  preferredTime?: string;
  earliest?: string;
  latest?: string;
}

const DEFAULT_CONFIRMATION = 'Thank you. A colleague will call you back.';

function parseInstant(value: string | undefined): Date | null | 'invalid' {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? 'invalid' : at;
}

/**
 * Records that the customer wants a call back: the number (the chat's own number when none is given), the topic
 * and the preferred time, as a 'callback' task colleagues see in GET /api/v1/tasks (and a callback.requested webhook).
 */
@Tool({ name: 'request_callback', risk: 'write', timeoutMs: 5_000, configSchema: RequestCallbackConfig })
@Injectable()
export class RequestCallbackTool implements ToolPlugin<RequestCallbackArgs, RequestCallbackConfig> {
  readonly description =
    'Record that the customer wants a human to call them back. Ask for the topic and, if they say, when suits them. ' +
    'Use the phone number they give; leave phone empty to use the number they are writing from.';

  readonly parameters = {
    type: 'object' as const,
    properties: {
      phone: { type: 'string', description: 'Number to call, international format preferred' },
      topic: { type: 'string', minLength: 1, maxLength: 500, description: 'What the call is about' },
      preferredTime: { type: 'string', maxLength: 200, description: "The customer's words about when suits them, e.g. 'weekday mornings'" },
      earliest: { type: 'string', description: 'ISO 8601 start of the preferred window, if known' },
      latest: { type: 'string', description: 'ISO 8601 end of the preferred window, if known' },
    },
    required: ['topic'],
    additionalProperties: false,
  };

  async execute(args: RequestCallbackArgs, ctx: ToolContext<RequestCallbackConfig>): Promise<ToolResult> {
    const raw = args.phone?.trim() || ctx.conversation.customer.identifier || '';
    const candidate = /^\d{7,15}$/.test(raw) ? `+${raw}` : raw;
    const phone = parsePhoneNumberFromString(candidate, ctx.config.defaultCountry as CountryCode | undefined);
    if (!phone?.isValid()) {
      return { content: { error: `'${raw || '(none)'}' is not a phone number we can call; ask the customer for their number with the country code` }, isError: true, validation: 'invalid' };
    }
    const earliest = parseInstant(args.earliest);
    const latest = parseInstant(args.latest);
    if (earliest === 'invalid' || latest === 'invalid' || (earliest && latest && latest <= earliest)) {
      return { content: { error: 'earliest/latest must be ISO 8601 times with earliest before latest' }, isError: true, validation: 'invalid' };
    }
    const e164 = phone.number;
    const { id } = ctx.tasks.create({
      kind: 'callback',
      title: `Call back ${e164}: ${args.topic.trim()}`,
      details: { phone: e164, topic: args.topic.trim(), preferredTime: args.preferredTime ?? null, earliest: earliest?.toISOString() ?? null, latest: latest?.toISOString() ?? null },
      dueAt: earliest ?? undefined,
    });
    ctx.variables.set('callback_phone', e164);
    return { content: { recorded: true, taskId: id, phone: e164, message: ctx.config.confirmation ?? DEFAULT_CONFIRMATION }, validation: 'ok' };
  }
}
