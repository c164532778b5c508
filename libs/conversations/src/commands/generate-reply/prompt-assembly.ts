import type { Assistant, LlmMessage } from '@confab/assistants';
import type { ConversationVariable } from '@confab/plugin-sdk';
import type { Message } from '../../entities/message.entity';

function describeAttachments(message: Message): string {
  return message.attachments
    .map((a) => `[${a.type}${a.caption ? `: ${a.caption}` : ''}${a.filename ? ` ${a.filename}` : ''}]`)
    .join(' ');
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
 * speaking too, so they appear as assistant turns labelled as a colleague).
 */
export function assemblePrompt(assistant: Assistant, guidance: string, variables: Record<string, ConversationVariable>, history: Message[], knowledge = ''): LlmMessage[] {
  const system = `${assistant.systemPrompt.trim()}\n\n${guidance.trim()}${variablesBlock(variables)}${knowledge}`;
  const turns: LlmMessage[] = [];
  for (const message of history) {
    if (message.revokedAt) continue;
    const body = [message.text ?? '', describeAttachments(message)].filter(Boolean).join(' ').trim();
    if (!body) continue;
    if (message.author === 'customer') turns.push({ role: 'user', content: body });
    else if (message.author === 'assistant') turns.push({ role: 'assistant', content: body });
    else if (message.author === 'agent') turns.push({ role: 'assistant', content: `(a human colleague wrote) ${body}` });
  }
  return [{ role: 'system', content: system }, ...turns];
}
