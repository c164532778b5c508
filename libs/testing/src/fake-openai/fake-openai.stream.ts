import type { ServerResponse } from 'node:http';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { IdCounter } from './fake-openai.http';
import { SYSTEM_FINGERPRINT, type PlannedCompletion } from './fake-openai.replies';
import type { FakeReply } from './fake-openai.types';
import { wireUsage } from './fake-openai.usage';

/** Splits on code points so a piece never ends inside a surrogate pair. */
export function splitPieces(text: string, maxPieces: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const size = Math.ceil(chars.length / Math.min(maxPieces, chars.length));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

type Chunk = Record<string, unknown>;

function chunkFactory(id: string, created: number, model: string, includeUsage: boolean) {
  return (delta: Chunk, finishReason: string | null = null): Chunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // The key is absent, not null, when the caller did not ask for usage.
    ...(includeUsage ? { usage: null } : {}),
  });
}

/** The chunk sequence of WIRE 1.3; the strict SDK helper needs the role first and a finish_reason last. */
export function completionChunks(plan: PlannedCompletion, includeUsage: boolean): Chunk[] {
  const chunk = chunkFactory(plan.id, plan.created, plan.model, includeUsage);
  const chunks: Chunk[] = [];
  const hasText = plan.content !== null && plan.content !== '';
  const role = { role: 'assistant', content: hasText || plan.toolCalls.length === 0 ? '' : null, refusal: null };
  if (hasText || plan.toolCalls.length === 0) {
    chunks.push(chunk(role));
    for (const piece of splitPieces(plan.content ?? '', 3)) chunks.push(chunk({ content: piece }));
  }
  plan.toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    // Like the real API, the first tool fragment rides on the role chunk when there is no text.
    const first = chunks.length === 0 ? { ...role, tool_calls: [head] } : { tool_calls: [head] };
    chunks.push(chunk(first));
    for (const piece of splitPieces(call.arguments, 2)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, plan.finishReason));
  if (includeUsage) {
    chunks.push({ ...chunk({}), choices: [], usage: wireUsage(plan.usage) });
  }
  return chunks;
}

function startSse(res: ServerResponse, requestId: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': requestId });
}

// Yielding between events makes the client see several network reads, like a real stream.
async function writeEvents(res: ServerResponse, events: string[]): Promise<void> {
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`data: ${event}\n\n`);
    await nextTick();
  }
  if (!res.destroyed) res.end();
}

export async function streamCompletion(
  res: ServerResponse,
  plan: PlannedCompletion,
  includeUsage: boolean,
  requestId: string,
): Promise<void> {
  startSse(res, requestId);
  const events = completionChunks(plan, includeUsage).map((c) => JSON.stringify(c));
  await writeEvents(res, [...events, '[DONE]']);
}

/** A failure after 200 was sent: the only way is an error payload inside the stream (WIRE 1.4). */
export async function streamError(
  res: ServerResponse,
  reply: Extract<FakeReply, { kind: 'stream_error' }>,
  body: any,
  ids: IdCounter,
  requestId: string,
): Promise<void> {
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = chunkFactory(ids.next('chatcmpl', '-'), Math.floor(Date.now() / 1000), String(body.model), includeUsage);
  const before: Chunk[] = [];
  const count = Math.max(0, reply.afterChunks ?? 1);
  for (let i = 0; i < count; i++) {
    before.push(i === 0 ? chunk({ role: 'assistant', content: '', refusal: null }) : chunk({ content: `partial ${i} ` }));
  }
  const error = {
    message: reply.message ?? 'The server had an error while processing your request. Sorry about that!',
    type: reply.type ?? 'server_error',
    param: null,
    code: null,
  };
  startSse(res, requestId);
  // No [DONE]: a real stream that fails stops right after the error.
  await writeEvents(res, [...before.map((c) => JSON.stringify(c)), JSON.stringify({ error })]);
}
