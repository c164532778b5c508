import type { ToolContext, ToolPlugin, ToolRisk } from '@confab/plugin-sdk';
import type { LlmClient, LlmKnowledge, LlmMessage, LlmToolCall, LlmToolSpec } from '../llm/llm.port';
import type { TokenUsage } from '../pricing/price-book';

/** A tool as one assistant has enabled it. */
export interface ResolvedTool {
  spec: LlmToolSpec;
  risk: ToolRisk;
  timeoutMs: number;
  config: Record<string, unknown>;
  plugin: ToolPlugin;
}

export interface ToolCallRecord {
  callId: string;
  name: string;
  arguments: unknown;
  rawArguments: string | null;
  result: unknown;
  error: string | null;
  validation: 'ok' | 'invalid' | 'not_checked';
  durationMs: number;
  startedAt: Date;
}

export interface LlmCallRecord {
  model: string;
  usage: TokenUsage;
  offline: boolean;
  requestId?: string;
  startedAt?: Date;
  durationMs?: number;
}

export interface TurnRequest {
  llm: LlmClient;
  model: string;
  temperature?: number | null;
  messages: LlmMessage[];
  tools: ResolvedTool[];
  endUserId?: string;
  knowledge?: LlmKnowledge[];
  maxIterations: number;
  /** After this long the next model call offers no tools, so a slow chain of tools cannot stall the reply. */
  turnBudgetMs?: number;
  /** Cuts off the model calls of the turn (the reply attempt's time is up, or the work was taken away). */
  signal?: AbortSignal;
  /**
   * Streams the text of each model call as it is written (see LlmRequest.onDelta). A round that ends in tool calls
   * may have written some text first; the reply is the last round's text.
   */
  onDelta?: (text: string) => void;
  /**
   * Tools the caller runs itself (an OpenAI-compatible client's `tools`): offered to the model like the assistant's
   * own, but a call to one ends the turn and is handed back in `clientToolCalls` instead of being run here.
   */
  clientTools?: LlmToolSpec[];
  /** Builds the context a tool runs in; the signal is the tool's own timeout. */
  contextFor(tool: ResolvedTool, signal: AbortSignal): ToolContext<any>;
}

export interface TurnResult {
  text: string;
  toolCalls: ToolCallRecord[];
  llmCalls: LlmCallRecord[];
  offline: boolean;
  finishReason: string;
  /** Calls of client tools the model asked for (finishReason 'tool_calls'): the caller runs them and answers later. */
  clientToolCalls?: LlmToolCall[];
}

/**
 * The model failed after part of the turn had run: the calls it already made (billed by the provider) and the
 * tools it already ran (whose effects stay) are handed back, so they can be recorded even though no reply is.
 */
export class TurnInterrupted extends Error {
  constructor(
    override readonly cause: unknown,
    readonly toolCalls: ToolCallRecord[],
    readonly llmCalls: LlmCallRecord[],
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = 'TurnInterrupted';
  }
}
