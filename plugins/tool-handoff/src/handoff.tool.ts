import { Injectable } from '@nestjs/common';
import { Tool, type JsonSchemaObject, type ToolContext, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { DEFAULT_HANDOFF_MESSAGE, HandoffConfig } from './handoff.config';

export interface HandoffArgs {
  reason: string;
  summary?: string;
}

export const HANDOFF_INSTRUCTION = 'Tell the customer this message; do not try to solve the issue yourself any more.';

/**
 * Hands the conversation to a human. The hand-over itself happens in the core when the turn commits (the owner
 * becomes human and the AI stops answering), so this tool only records the request and tells the model what to say.
 */
@Injectable()
@Tool({ name: 'handoff_to_human', risk: 'handoff', timeoutMs: 5_000, configSchema: HandoffConfig })
export class HandoffTool implements ToolPlugin<HandoffArgs, HandoffConfig> {
  readonly description =
    'Pass the conversation to a human colleague. Call it when the customer asks for a person, when you cannot help ' +
    'with the request, or when the customer is upset. Afterwards, tell the customer the message from the result.';

  readonly parameters: JsonSchemaObject = {
    type: 'object',
    properties: {
      // pattern \S: a blank reason would leave the colleague with nothing to go on.
      reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S', description: 'Why a human is needed, in one sentence.' },
      summary: {
        type: 'string',
        maxLength: 2000,
        description: 'A short summary of the conversation so far for the colleague who takes over.',
      },
    },
    required: ['reason'],
  };

  async execute(args: HandoffArgs, ctx: ToolContext<HandoffConfig>): Promise<ToolResult> {
    const summary = args.summary?.trim() || undefined;
    ctx.conversation.requestHandoff(args.reason.trim(), summary, { resumeAfterMinutes: ctx.config.resumeAfterMinutes });
    return {
      content: { handedOver: true, message: ctx.config?.message ?? DEFAULT_HANDOFF_MESSAGE, instruction: HANDOFF_INSTRUCTION },
      validation: 'ok',
    };
  }
}
