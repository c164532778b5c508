import { Injectable } from '@nestjs/common';
import { Tool, type JsonSchemaObject, type ToolContext, type ToolDescription, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { CollectDataConfig } from './collect-data.config';
import { describeFields } from './collect-data.describe';
import { collectValues, missingRequired, summarise } from './collect-values';

export type CollectDataArgs = Record<string, unknown>;

/**
 * Validates customer details the model extracted and stores the good ones as conversation variables (source 'ai').
 * Bad values are not an error of the call: they come back as `invalid` so the model asks the customer again.
 */
@Injectable()
@Tool({ name: 'collect_data', risk: 'write', timeoutMs: 5_000, configSchema: CollectDataConfig })
export class CollectDataTool implements ToolPlugin<CollectDataArgs, CollectDataConfig> {
  readonly description =
    'Save details the customer gives (email, phone, dates, choices...) into the conversation after validating them. ' +
    "Each assistant configures the fields; pass each value under its field's key.";

  readonly parameters: JsonSchemaObject = { type: 'object', properties: {}, additionalProperties: true };

  describe(config: CollectDataConfig): ToolDescription {
    // Stored configs outlive plugin versions; a stale one must not break every reply of the assistant.
    return describeFields(config.fields ?? []);
  }

  async execute(args: CollectDataArgs, ctx: ToolContext<CollectDataConfig>): Promise<ToolResult> {
    const fields = ctx.config.fields ?? [];
    const collected = collectValues(fields, args);
    for (const [key, value] of Object.entries(collected.saved)) ctx.variables.set(key, value);
    const missing = missingRequired(fields, collected.saved, (key) => ctx.variables.get(key));
    return {
      content: {
        saved: collected.saved,
        invalid: collected.invalid,
        missingRequired: missing,
        message: summarise(fields, collected, missing),
      },
      validation: collected.invalid.length ? 'invalid' : 'ok',
    };
  }
}
