import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Tool, type ToolContext, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';

export class FollowUpTemplateConfig {
  @IsString() @Length(1, 512) name!: string;
  @IsString() @Length(2, 10) language!: string;
  @IsOptional() @IsArray() parameters?: unknown[];
}

export class ScheduleFollowUpConfig {
  /** Sent instead of free text when the channel's service window is closed at the due time (WhatsApp). */
  @IsOptional() @ValidateNested() @Type(() => FollowUpTemplateConfig) template?: FollowUpTemplateConfig;
  @IsOptional() @IsInt() @Min(1) @Max(90) maxDelayDays?: number;
}

export interface ScheduleFollowUpArgs {
  at?: string;
  inMinutes?: number;
  message: string;
  reason?: string;
}

/**
 * Schedules a message to the customer for later ("I'll check back tomorrow"). When due it is sent if the channel
 * allows it then (a configured template outside a closed WhatsApp window), or left as a task for a colleague.
 */
@Tool({ name: 'schedule_follow_up', risk: 'write', timeoutMs: 5_000, configSchema: ScheduleFollowUpConfig })
@Injectable()
export class ScheduleFollowUpTool implements ToolPlugin<ScheduleFollowUpArgs, ScheduleFollowUpConfig> {
  readonly description = 'Schedule a follow-up message to this customer at a later time (give either at, ISO 8601, or inMinutes).';
  readonly parameters = {
    type: 'object' as const,
    properties: {
      at: { type: 'string', description: 'When, ISO 8601 with offset' },
      inMinutes: { type: 'integer', minimum: 1, description: 'Or: how many minutes from now' },
      message: { type: 'string', minLength: 1, maxLength: 2000, description: 'What to send then' },
      reason: { type: 'string', maxLength: 300 },
    },
    required: ['message'],
    additionalProperties: false,
  };

  async execute(args: ScheduleFollowUpArgs, ctx: ToolContext<ScheduleFollowUpConfig>): Promise<ToolResult> {
    const now = Date.now();
    const due = args.at ? new Date(args.at) : args.inMinutes ? new Date(now + args.inMinutes * 60_000) : null;
    const limitDays = ctx.config.maxDelayDays ?? 30;
    if (!due || Number.isNaN(due.getTime()) || due.getTime() <= now || due.getTime() > now + limitDays * 86_400_000) {
      return { content: { error: `Give a future time within ${limitDays} days as 'at' (ISO 8601) or 'inMinutes'` }, isError: true, validation: 'invalid' };
    }
    const { id } = ctx.tasks.create({
      kind: 'follow_up',
      title: `Follow up: ${args.reason ?? args.message.slice(0, 80)}`,
      details: { message: args.message, reason: args.reason ?? null, template: ctx.config.template ?? null },
      dueAt: due,
    });
    return { content: { scheduled: true, taskId: id, at: due.toISOString() }, validation: 'ok' };
  }
}
