import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { LlmError, type LlmResponse, type LlmToolCall } from './llm.port';

/**
 * Builds from a Chat Completions stream the LlmResponse the same call gives without streaming: the text joined,
 * tool calls put together by their index (id and name come with the first fragment, the arguments in pieces), the
 * finish reason, and the usage that `include_usage` sends on a last chunk without choices. Each piece of text is
 * handed to `onDelta` as it arrives. A stream that ends without a finish reason was cut off: a retryable error.
 */
export async function assembleStream(
  chunks: AsyncIterable<ChatCompletionChunk>,
  requestedModel: string,
  onDelta: (text: string) => void,
  requestId?: string,
): Promise<LlmResponse> {
  let content = '';
  let sawContent = false;
  let finishReason: string | null = null;
  let model = '';
  let usage: ChatCompletionChunk['usage'] | undefined;
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const chunk of chunks) {
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    // Only the first choice is asked for (n is never set), as in the non-streamed path.
    const choice = chunk.choices?.find((c) => c.index === 0) ?? chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content.length > 0) {
      sawContent = true;
      content += delta.content;
      onDelta(delta.content);
    }
    for (const fragment of delta.tool_calls ?? []) {
      const call = (calls[fragment.index] ??= { id: '', name: '', arguments: '' });
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.name += fragment.function.name;
      if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  if (!finishReason) throw new LlmError('The language model stream ended before the reply was complete', true, undefined, 'stream_incomplete');
  const toolCalls: LlmToolCall[] = calls.filter((c) => c && c.name).map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }));
  return {
    content: sawContent ? content : null,
    toolCalls,
    finishReason,
    usage: {
      promptTokens: usage?.prompt_tokens ?? 0,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
    },
    model: model || requestedModel,
    offline: false,
    requestId,
  };
}
