import type { LiveEvent, LiveMessage } from '@confab/plugin-sdk';

const VISIBLE_AUTHORS: ReadonlySet<string> = new Set(['customer', 'assistant', 'agent', 'system']);

/**
 * What a visitor's browser may see of a live event: the conversation as the visitor knows it. Tool calls, costs,
 * token counts, the hand-over reason and summary (written for agents) and provider error texts stay inside.
 */
export function visitorEvent(e: LiveEvent): { event: string; data: unknown } | null {
  const d = e.data ?? {};
  switch (e.type) {
    case 'typing':
      return { event: 'typing', data: { active: d.active === true } };
    case 'reply.delta':
      return typeof d.text === 'string' ? { event: 'reply.delta', data: { turnId: d.turnId, seq: d.seq, text: d.text } } : null;
    case 'message.created': {
      const m = d as LiveMessage;
      if (!VISIBLE_AUTHORS.has(m.author) || !m.text) return null;
      return {
        event: 'message.created',
        data: { id: m.id, turnId: m.turnId ?? null, author: m.author, text: m.text, createdAt: m.createdAt, status: m.status ?? null, agentName: m.author === 'agent' ? (m.agentName ?? null) : null },
      };
    }
    case 'message.status':
      return { event: 'message.status', data: { messageId: d.messageId, status: d.status } };
    case 'conversation.updated':
      return { event: 'conversation.updated', data: { status: d.status, owner: d.owner, handedOver: d.owner === 'human' || !!d.handedOver, lastMessageAt: d.lastMessageAt ?? null } };
    default:
      return null;
  }
}
