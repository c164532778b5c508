import type { IdCounter } from './fake-openai.http';
import type { FakeReply, FakeUsage } from './fake-openai.types';
import { estimateTokens, messagesChars, wireUsage } from './fake-openai.usage';

export const SYSTEM_FINGERPRINT = 'fp_fake';

export interface PlannedToolCall {
  id: string;
  name: string;
  /** Always a JSON string on the wire, whatever the script gave. */
  arguments: string;
}

/** One assistant turn, decided once and then rendered as JSON or as SSE chunks. */
export interface PlannedCompletion {
  id: string;
  created: number;
  model: string;
  content: string | null;
  toolCalls: PlannedToolCall[];
  finishReason: 'stop' | 'tool_calls';
  usage: FakeUsage;
}

type AnswerReply = Extract<FakeReply, { kind: 'text' | 'tool_calls' }>;

export function planCompletion(reply: AnswerReply, body: any, ids: IdCounter): PlannedCompletion {
  const toolCalls: PlannedToolCall[] =
    reply.kind === 'tool_calls'
      ? reply.calls.map((call) => ({
          id: call.id ?? ids.next('call'),
          name: call.name,
          arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
        }))
      : [];
  const content = reply.kind === 'text' ? reply.content : (reply.content ?? null);
  const replyChars =
    (content ?? '').length + toolCalls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  return {
    id: ids.next('chatcmpl', '-'),
    created: Math.floor(Date.now() / 1000),
    model: (reply.kind === 'text' ? reply.model : undefined) ?? String(body.model),
    content,
    toolCalls,
    finishReason: reply.kind === 'tool_calls' ? 'tool_calls' : 'stop',
    usage: reply.usage ?? {
      promptTokens: estimateTokens(messagesChars(body.messages)),
      completionTokens: estimateTokens(replyChars),
    },
  };
}

export function wireToolCalls(calls: PlannedToolCall[]) {
  return calls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

export function completionBody(plan: PlannedCompletion) {
  const message = {
    role: 'assistant',
    content: plan.content,
    refusal: null,
    annotations: [],
    ...(plan.toolCalls.length > 0 ? { tool_calls: wireToolCalls(plan.toolCalls) } : {}),
  };
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, logprobs: null, finish_reason: plan.finishReason, message }],
    usage: wireUsage(plan.usage),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}
