import type { LlmMessage, LlmToolCall, LlmToolSpec } from '@confab/assistants';
import type { Message } from '../../entities/message.entity';

/**
 * Client tools (OpenAI-compatible callers' own `tools`) travel in message metadata: the customer message carries
 * the tools it offers (`clientTools`) or the results of calls the client ran (`toolResults`), and the reply that
 * asked for calls carries them (`clientToolCalls`). This turns them back into what the model saw and said.
 */
export interface ClientToolResult {
  toolCallId: string;
  content: string;
}

/** The client tools of the newest pending message that offers some (a client sends its full list on every call). */
export function clientToolsOf(pending: Message[]): LlmToolSpec[] {
  for (const message of [...pending].reverse()) {
    const tools = message.metadata?.clientTools;
    if (Array.isArray(tools)) return tools as LlmToolSpec[];
  }
  return [];
}

/** The model's turns for a message that carries client tool calls or results; null for an ordinary message. */
export function clientToolTurns(message: Message, previous?: LlmMessage): LlmMessage[] | null {
  const calls = message.metadata?.clientToolCalls;
  if (message.author === 'assistant' && Array.isArray(calls) && calls.length) {
    return [{ role: 'assistant', content: message.text || null, toolCalls: calls as LlmToolCall[] }];
  }
  const results = message.metadata?.toolResults;
  if (message.author === 'customer' && Array.isArray(results) && results.length) {
    // Tool results must follow the call that asked for them; one whose call fell out of the history window (or
    // answers no call) is read as the customer's text instead, which the model can still use.
    const asked = new Set(previous?.role === 'assistant' ? (previous.toolCalls ?? []).map((c) => c.id) : []);
    if (!(results as ClientToolResult[]).every((r) => asked.has(r.toolCallId))) return null;
    const turns: LlmMessage[] = (results as ClientToolResult[]).map((r) => ({ role: 'tool', toolCallId: r.toolCallId, content: r.content }));
    const said = (message.metadata?.userText as string | undefined)?.trim();
    return said ? [...turns, { role: 'user', content: said }] : turns;
  }
  return null;
}
