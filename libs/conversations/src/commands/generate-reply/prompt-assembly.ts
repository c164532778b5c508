import type { Assistant, LlmMessage } from '@confab/assistants';
import type { ConversationVariable } from '@confab/plugin-sdk';
import type { Message } from '../../entities/message.entity';
import { clientToolTurns } from './client-tools';

function describeAttachments(message: Message): string {
  return message.attachments
    .map((a) => `[${a.type}${a.caption ? `: ${a.caption}` : ''}${a.filename ? ` ${a.filename}` : ''}]`)
    .join(' ');
}

const QUOTE_CHARS = 80;

/**
 * A customer's reply to an earlier message starts with what it quotes, so "yes, that one" is understood. Only
 * quotes of messages still in the history are named; their text is cut short, the model has the full turn anyway.
 */
function quotePrefix(message: Message, byProviderId: ReadonlyMap<string, Message>): string {
  const quoted = message.replyToProviderMessageId ? byProviderId.get(message.replyToProviderMessageId) : undefined;
  if (!quoted || quoted.revokedAt) return '';
  const text = [quoted.text ?? '', describeAttachments(quoted)].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  if (!text) return '';
  const cut = [...text].length > QUOTE_CHARS ? `${[...text].slice(0, QUOTE_CHARS).join('')}…` : text;
  return `(replying to: "${cut}") `;
}

function variablesBlock(variables: Record<string, ConversationVariable>): string {
  const entries = Object.entries(variables);
  if (!entries.length) return '';
  const lines = entries.map(([k, v]) => `- ${k}: ${JSON.stringify(v.value)} (from ${v.source})`);
  return `\n\nKnown facts about this conversation:\n${lines.join('\n')}`;
}

/**
 * One assistant configuration for every channel: its prompt, then the channel's formatting guidance, then what
 * is known about the conversation, then the knowledge excerpts (inject mode); history follows as user/assistant turns (agent messages are the business
 * speaking too, so they appear as assistant turns labelled as a colleague). Customer replies that quote an earlier
 * message in the history say so first; only customer turns, so the model never learns to write the prefix itself.
 */
export function assemblePrompt(assistant: Assistant, guidance: string, variables: Record<string, ConversationVariable>, history: Message[], knowledge = ''): LlmMessage[] {
  const system = `${assistant.systemPrompt.trim()}\n\n${guidance.trim()}${variablesBlock(variables)}${knowledge}`;
  const turns: LlmMessage[] = [];
  const byProviderId = new Map(history.filter((m) => m.providerMessageId).map((m) => [m.providerMessageId!, m]));
  for (const message of history) {
    if (message.revokedAt) continue;
    const client = clientToolTurns(message, turns.at(-1));
    if (client) {
      turns.push(...client);
      continue;
    }
    const body = [message.text ?? '', describeAttachments(message)].filter(Boolean).join(' ').trim();
    if (!body) continue;
    if (message.author === 'customer') turns.push({ role: 'user', content: `${quotePrefix(message, byProviderId)}${body}` });
    else if (message.author === 'assistant') turns.push({ role: 'assistant', content: body });
    else if (message.author === 'agent') turns.push({ role: 'assistant', content: `(a human colleague wrote) ${body}` });
  }
  return [{ role: 'system', content: system }, ...turns];
}
