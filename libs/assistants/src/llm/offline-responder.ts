import { LlmClient, type LlmKnowledge, type LlmMessage, type LlmRequest, type LlmResponse, type LlmToolCall } from './llm.port';

const HUMAN_REQUEST = /\b(human|person|agent|someone real|real person|operator|staff|mensch|mitarbeiter(in)?|kolleg(e|in)|berater(in)?|humain|persona)\b/i;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const PHONE = /\+?\d[\d\s().-]{6,}\d/;

export const OFFLINE_MODEL = 'offline-responder';

/**
 * Why the responder answers: no model is configured at all, or a configured model is failing right now. The
 * customer is told the truth in each case: "running without a language model" would be false in the second.
 */
export type OfflineReason = 'no_model' | 'model_unavailable';

const TEXTS: Record<OfflineReason, { noAnswer: string; label: string; nothingFound: string }> = {
  no_model: {
    noAnswer:
      'Thanks for your message. This assistant is running without a language model right now (offline mode), ' +
      'so it cannot answer questions yet. A team member can pick up this conversation.',
    label: 'From our knowledge base (offline mode: no AI model is connected, so this is the closest passage, not a written answer):',
    nothingFound:
      "I couldn't find this in our knowledge base. This assistant is running without a language model right now (offline mode); a team member can pick up this conversation.",
  },
  model_unavailable: {
    noAnswer:
      'Thanks for your message. Our assistant is temporarily unavailable, so it cannot answer right now. ' +
      'A team member can pick up this conversation, or please write again in a little while.',
    label: 'From our knowledge base (the assistant is temporarily unavailable, so this is the closest passage, not a written answer):',
    nothingFound:
      "I couldn't find this in our knowledge base, and our assistant is temporarily unavailable; a team member can pick up this conversation.",
  },
};

/**
 * The built-in responder used when no language model is configured, and as the fallback when the configured one
 * keeps failing. It is deterministic and says plainly that it is not an AI model. A small keyword router calls the
 * built-in tools the assistant has enabled, so hand-over and data collection work end to end without any key.
 */
export class OfflineResponder extends LlmClient {
  readonly kind = 'offline';

  constructor(
    readonly reason: OfflineReason = 'no_model',
    /** Pause between streamed pieces, so the keyless demo visibly streams like a model does. */
    private readonly streamDelayMs = 35,
  ) {
    super();
  }

  private get texts() {
    return TEXTS[this.reason];
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const afterTools = request.messages[request.messages.length - 1]?.role === 'tool';
    const toolCalls = afterTools ? [] : this.route(lastUser, request);
    const content = toolCalls.length ? null : this.answer(request, afterTools);
    if (content && request.onDelta) await streamText(content, request.onDelta, request.signal, this.streamDelayMs);
    return {
      content,
      toolCalls,
      finishReason: toolCalls.length ? 'tool_calls' : 'stop',
      usage: { promptTokens: 0, cachedTokens: 0, completionTokens: 0 },
      model: OFFLINE_MODEL,
      offline: true,
    };
  }

  private route(text: string, request: LlmRequest): LlmToolCall[] {
    const has = (name: string) => request.tools.some((t) => t.name === name);
    if (has('handoff_to_human') && HUMAN_REQUEST.test(text)) {
      return [call('handoff_to_human', { reason: 'The customer asked for a human', summary: text.slice(0, 280) })];
    }
    const collect = request.tools.find((t) => t.name === 'collect_data');
    if (collect) {
      const keys = Object.keys(collect.parameters.properties ?? {});
      const email = EMAIL.exec(text)?.[0];
      const phone = PHONE.exec(text)?.[0];
      const args: Record<string, string> = {};
      if (email && keys.includes('email')) args.email = email;
      if (phone && keys.includes('phone')) args.phone = phone.replace(/[\s().-]/g, '');
      if (Object.keys(args).length) return [call('collect_data', args)];
    }
    // Anything else may be a question the knowledge base answers.
    if (has('search_knowledge') && /[\p{L}\p{N}]{2,}/u.test(text)) return [call('search_knowledge', { query: text.slice(0, 500) })];
    return [];
  }

  private answer(request: LlmRequest, afterTools: boolean): string {
    const messages = request.messages;
    if (afterTools) {
      const last = messages[messages.length - 1];
      const result = last.role === 'tool' ? last.content : '';
      if (last.role === 'tool' && toolNameOf(messages, last.toolCallId) === 'search_knowledge') return fromSearchResult(result, this.texts);
      return `Thank you. ${summariseToolResult(result)}`.trim();
    }
    if (request.knowledge?.length) return fromKnowledge(request.knowledge[0], this.texts.label);
    if (request.knowledge) return this.texts.nothingFound;
    return this.texts.noAnswer;
  }
}

/** Words in small groups, each piece ending at a word boundary, like a model's tokens arrive. */
export function offlinePieces(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  return pieces;
}

async function streamText(text: string, onDelta: (text: string) => void, signal: AbortSignal | undefined, delayMs: number): Promise<void> {
  const pieces = offlinePieces(text);
  for (let i = 0; i < pieces.length; i++) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (i > 0 && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    onDelta(pieces[i]);
  }
}

let counter = 0;
function call(name: string, args: Record<string, unknown>): LlmToolCall {
  counter += 1;
  return { id: `offline_call_${counter}`, name, arguments: JSON.stringify(args) };
}

function summariseToolResult(result: string): string {
  try {
    const parsed = JSON.parse(result) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string') return `That did not work: ${parsed.error}`;
  } catch {
    /* plain text result */
  }
  return result.length <= 300 ? result : `${result.slice(0, 297)}...`;
}

function fromKnowledge(best: LlmKnowledge, label: string): string {
  return `${label}\n\n${best.text.trim()} [${best.marker}]\n\nSource: ${best.source}`;
}

/** The search_knowledge tool answers `{ results: [{ ref, source, text }] }`; quote the best one. */
function fromSearchResult(result: string, texts: { label: string; nothingFound: string }): string {
  try {
    const parsed = JSON.parse(result) as { results?: Array<{ ref: string; source: string; text: string }> };
    const best = parsed.results?.[0];
    if (best) return `${texts.label}\n\n${best.text.trim()} ${best.ref}\n\nSource: ${best.source}`;
  } catch {
    /* not the shape we expect: fall through */
  }
  return texts.nothingFound;
}

function toolNameOf(messages: LlmMessage[], toolCallId: string): string | undefined {
  for (const m of messages) if (m.role === 'assistant') for (const c of m.toolCalls ?? []) if (c.id === toolCallId) return c.name;
  return undefined;
}
