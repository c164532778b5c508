import type { FakeReply, FakeToolCall, FakeUsage } from './fake-openai.types';

export function text(content: string, usage?: FakeUsage): FakeReply {
  return usage ? { kind: 'text', content, usage } : { kind: 'text', content };
}

export function toolCalls(...calls: FakeToolCall[]): FakeReply {
  return { kind: 'tool_calls', calls };
}

export function apiError(
  status: number,
  opts: { message?: string; type?: string; code?: string | null; headers?: Record<string, string> } = {},
): FakeReply {
  return { kind: 'error', status, ...opts };
}
