import type { JsonSchemaObject } from '@confab/plugin-sdk';
import type { TokenUsage } from '../pricing/price-book';

export interface LlmToolCall {
  id: string;
  name: string;
  /** JSON text exactly as the model produced it. */
  arguments: string;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface LlmToolSpec {
  name: string;
  description: string;
  parameters: JsonSchemaObject;
}

/** A knowledge excerpt the prompt carries, also handed to the offline responder so it can answer from it. */
export interface LlmKnowledge {
  marker: number;
  source: string;
  text: string;
}

export interface LlmRequest {
  model: string;
  messages: LlmMessage[];
  tools: LlmToolSpec[];
  temperature?: number | null;
  /** Lets the provider group abuse signals per end customer. */
  endUserId?: string;
  signal?: AbortSignal;
  /** Knowledge excerpts already in the prompt (inject mode); adapters that send the prompt ignore it. */
  knowledge?: LlmKnowledge[];
  /**
   * Asks for the reply as it is written: called with each piece of text to append, in order. The response is the
   * same as without it (content, tool calls, finish reason, usage), so what is stored and billed does not change.
   * Adapters that cannot stream call it once with the whole text.
   */
  onDelta?: (text: string) => void;
}

export interface LlmResponse {
  content: string | null;
  toolCalls: LlmToolCall[];
  finishReason: string;
  usage: TokenUsage;
  /** The model that answered (providers return dated snapshots). */
  model: string;
  /** True when the built-in offline responder answered. */
  offline: boolean;
  requestId?: string;
}

/** Thrown by adapters; `retryable` tells the reply job whether trying again can help. */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string | null,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export abstract class LlmClient {
  /** Human-readable name for logs and metadata ('openai', 'offline'). */
  abstract readonly kind: string;
  abstract complete(request: LlmRequest): Promise<LlmResponse>;
}
