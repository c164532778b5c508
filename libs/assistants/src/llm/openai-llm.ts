import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { assembleStream } from './openai-stream';
import { LlmClient, LlmError, type LlmMessage, type LlmRequest, type LlmResponse } from './llm.port';

export interface OpenAiLlmOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
  /** SDK-level retries for transient errors inside one reply attempt; the reply job retries on top. */
  maxRetries: number;
}

function toWire(message: LlmMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? { tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
          : {}),
      };
    default:
      return { role: message.role, content: message.content };
  }
}

type OpenAiSdk = typeof import('openai');
let sdk: Promise<OpenAiSdk> | undefined;
/**
 * The SDK (a few hundred modules) loads with the first model call, not at start: an API process never calls the
 * model for most of its life (the replies run in the workers), and it would hold the SDK all along (issues 9, 16).
 */
const loadSdk = () => (sdk ??= import('openai'));

/** Any OpenAI-compatible Chat Completions server (OpenAI, Azure, Ollama, vLLM, a proxy) through the official SDK. */
export class OpenAiLlm extends LlmClient {
  readonly kind = 'openai';
  private openai?: Promise<OpenAI>;

  constructor(private readonly options: OpenAiLlmOptions) {
    super();
  }

  private get client(): Promise<OpenAI> {
    const { apiKey, baseUrl, timeoutMs, maxRetries } = this.options;
    return (this.openai ??= loadSdk().then(({ OpenAI }) => new OpenAI({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries })));
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const tools: ChatCompletionTool[] = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters as Record<string, unknown> },
    }));
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: request.model,
      messages: request.messages.map(toWire),
      ...(tools.length ? { tools, tool_choice: 'auto' as const, parallel_tool_calls: true } : {}),
      ...(request.temperature != null ? { temperature: request.temperature } : {}),
      ...(request.endUserId ? { safety_identifier: request.endUserId } : {}),
    };
    try {
      if (request.onDelta) return await this.stream(params, request, request.onDelta);
      const completion = await (await this.client).chat.completions.create(params, { signal: request.signal });
      const choice = completion.choices[0];
      if (!choice) throw new LlmError('The model returned no choices', true);
      const usage = completion.usage;
      return {
        content: choice.message.content ?? null,
        toolCalls: (choice.message.tool_calls ?? [])
          .filter((c) => c.type === 'function')
          .map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments ?? '' })),
        finishReason: choice.finish_reason,
        usage: {
          promptTokens: usage?.prompt_tokens ?? 0,
          cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
          completionTokens: usage?.completion_tokens ?? 0,
        },
        model: completion.model || request.model,
        offline: false,
        requestId: completion._request_id ?? undefined,
      };
    } catch (err) {
      throw classify(err, await loadSdk());
    }
  }

  /** Streaming with usage on the last chunk, so tokens and cost are those of the same call without streaming. */
  private async stream(params: ChatCompletionCreateParamsNonStreaming, request: LlmRequest, onDelta: (text: string) => void): Promise<LlmResponse> {
    const { data, request_id } = await (await this.client).chat.completions
      .create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: request.signal })
      .withResponse();
    return assembleStream(data, request.model, onDelta, request_id ?? undefined);
  }
}

function classify(err: unknown, { APIConnectionTimeoutError, APIError }: OpenAiSdk): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIConnectionTimeoutError) return new LlmError('The language model timed out', true, undefined, 'timeout');
  if (err instanceof APIError) {
    const status = err.status;
    const quota = err.code === 'insufficient_quota';
    const retryable = !quota && (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500);
    const what = err.error && typeof err.error === 'object' && 'message' in err.error ? String((err.error as { message: unknown }).message) : err.message;
    return new LlmError(`Language model error${status ? ` ${status}` : ''}${err.code ? ` (${err.code})` : ''}: ${what}`, retryable, status, err.code ?? null);
  }
  return new LlmError(`Language model unreachable: ${(err as Error).message}`, true);
}
