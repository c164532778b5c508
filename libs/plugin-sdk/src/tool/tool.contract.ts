import type { JsonSchemaObject, ToolContext, ToolDescription, ToolResult } from './tool.types';

/**
 * A tool plugin: a Nest provider decorated with @Tool. The core validates the model's arguments against
 * `parameters` before execute() runs and returns any validation error to the model as the tool result.
 */
export interface ToolPlugin<TArgs = any, TConfig = any> {
  /** Tells the model when to call the tool. */
  readonly description: string;
  readonly parameters: JsonSchemaObject;
  /** Optional: tailor description/parameters to one assistant's config (e.g. the fields to collect). */
  describe?(config: TConfig): ToolDescription;
  execute(args: TArgs, context: ToolContext<TConfig>): Promise<ToolResult>;
  /**
   * Optional: checks of one assistant's config that need more than its schema, such as a referenced record existing
   * in the tenant. Throw ValidationFailed naming the config field (`calendarId`); the core names where it sits.
   */
  checkConfig?(tenantId: string, config: TConfig): Promise<void>;
}
