/** The subset of JSON Schema the LLM sees and the core validates arguments against. */
export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  [key: string]: unknown;
}

export const TOOL_RISKS = ['read', 'write', 'handoff'] as const;
export type ToolRisk = (typeof TOOL_RISKS)[number];

export type VariableSource = 'ai' | 'api' | 'channel' | 'agent';

export interface ConversationVariable {
  value: unknown;
  source: VariableSource;
  updatedAt: string;
}

/** Conversation variables as a tool sees them; writes are stored with source 'ai' when the turn commits. */
export interface VariableStore {
  get(key: string): unknown;
  all(): Record<string, ConversationVariable>;
  set(key: string, value: unknown): void;
}

/** The narrow part of the conversation a tool may steer. */
export interface ConversationControl {
  readonly id: string;
  readonly channel: string;
  readonly customer: { identifier: string | null; name: string | null };
  /**
   * Hand the conversation to a human: the AI stops answering it once this turn commits. With resumeAfterMinutes
   * the AI takes over again when no colleague has written for that long.
   */
  requestHandoff(reason: string, summary?: string, options?: { resumeAfterMinutes?: number }): void;
}

export interface ToolLogger {
  log(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const TASK_KINDS = ['callback', 'follow_up', 'human_review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface NewTask {
  kind: TaskKind;
  /** One line a colleague reads in the task list. */
  title: string;
  details?: Record<string, unknown>;
  dueAt?: Date;
}

/** Work for a human that a tool leaves behind; stored with the turn, listed and closed through the API. */
export interface TaskPort {
  create(task: NewTask): { id: string };
}

export interface ToolContext<TConfig = Record<string, unknown>> {
  tenantId: string;
  assistantId: string;
  /** This assistant's settings for the tool, validated against the tool's configSchema. */
  config: TConfig;
  conversation: ConversationControl;
  variables: VariableStore;
  tasks: TaskPort;
  /** Aborted when the tool's timeout passes; pass it to fetch and friends. */
  signal: AbortSignal;
  logger: ToolLogger;
}

export interface ToolResult {
  /** What the model reads back: a string or a JSON-serialisable object. */
  content: string | Record<string, unknown> | unknown[];
  /** The call did not do what was asked (the model should see and react to it). */
  isError?: boolean;
  /** Outcome of the tool's own validation of the values it was given (e.g. collect_data). */
  validation?: 'ok' | 'invalid';
}

/** Per-assistant view of a tool: a tool may tailor its description and parameters to its config. */
export interface ToolDescription {
  description: string;
  parameters: JsonSchemaObject;
}
