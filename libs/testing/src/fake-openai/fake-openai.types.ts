export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
  /** Part of promptTokens, as on the real API. */
  cachedTokens?: number;
  /** Part of completionTokens, as on the real API. */
  reasoningTokens?: number;
}

export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: object | string;
}

export type FakeReply =
  | { kind: 'text'; content: string; usage?: FakeUsage; model?: string }
  | { kind: 'tool_calls'; calls: FakeToolCall[]; content?: string | null; usage?: FakeUsage }
  | {
      kind: 'error';
      status: number;
      message?: string;
      type?: string;
      code?: string | null;
      param?: string | null;
      headers?: Record<string, string>;
    }
  | { kind: 'stream_error'; afterChunks?: number; message?: string; type?: string }
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  /** Route without the '/v1' prefix and without the query, e.g. '/chat/completions'. */
  path: string;
  /** The raw request target as received, e.g. '/v1/models?x=1'. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON; the raw text when it was not valid JSON; undefined when there was no body. */
  body: any;
  at: number;
}

/**
 * Fallback for chat completions when the queue is empty. It is also asked about embeddings and models requests,
 * where only 'error' and 'hang' replies are used (to inject failures); anything else, or a throw, falls through.
 */
export type FakeResponder = (req: RecordedRequest) => FakeReply | undefined;

export interface FakeOpenAI {
  /** Base URL including '/v1'; pass it as `baseURL` to the SDK. */
  url: string;
  /** Every request, in arrival order. The array is cleared in place by reset(), so references stay valid. */
  requests: RecordedRequest[];
  calls(path: string): RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  respondWith(fn: FakeResponder | undefined): void;
  setLatency(ms: number): void;
  /** Holds every answer, those in flight and those to come, until the returned release() (or close()). */
  hold(): () => void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  replies?: FakeReply[];
  responder?: FakeResponder;
  latencyMs?: number;
  models?: string[];
}
