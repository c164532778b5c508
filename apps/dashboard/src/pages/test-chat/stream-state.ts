/**
 * The reply being written, assembled from `reply.delta` events (contract A). Deltas carry a turn id and a
 * sequence number within the turn: a repeated or late delta (after a reconnect resumes the feed) is dropped, and a
 * new turn (the reply job retried after a failure) starts the text over. `message.created` of the assistant marks
 * the draft as stored; the page keeps showing it until the stored message is on screen, so nothing flickers.
 */
export interface StreamState {
  typing: boolean;
  draft: { turnId: string; seq: number; text: string; storedMessageId: string | null } | null;
}

export type StreamEvent =
  | { type: 'typing'; data: { active: boolean } }
  | { type: 'reply.delta'; data: { turnId: string; seq: number; text: string } }
  | { type: 'message.created'; data: { id: string; author: string; turnId?: string | null } }
  | { type: string; data: unknown };

export const initialStream: StreamState = { typing: false, draft: null };

export function streamReducer(state: StreamState, event: StreamEvent): StreamState {
  if (event.type === 'typing') {
    return { ...state, typing: Boolean((event.data as { active?: unknown })?.active) };
  }
  if (event.type === 'reply.delta') {
    const d = event.data as { turnId: string; seq: number; text: string };
    if (!d || typeof d.text !== 'string') return state;
    const draft = state.draft;
    if (draft && draft.turnId === d.turnId) {
      if (d.seq <= draft.seq || draft.storedMessageId) return state;
      return { typing: true, draft: { ...draft, seq: d.seq, text: draft.text + d.text } };
    }
    return { typing: true, draft: { turnId: d.turnId, seq: d.seq, text: d.text, storedMessageId: null } };
  }
  if (event.type === 'message.created') {
    const m = event.data as { id: string; author: string; turnId?: string | null };
    if (m?.author !== 'assistant') return state;
    if (state.draft && (!m.turnId || m.turnId === state.draft.turnId)) return { typing: false, draft: { ...state.draft, storedMessageId: m.id } };
    return { ...state, typing: false };
  }
  return state;
}

/** The draft to show: none once its stored message is among the messages on screen. */
export function visibleDraft(state: StreamState, shownMessageIds: ReadonlySet<string>): string | null {
  const draft = state.draft;
  if (!draft) return null;
  if (draft.storedMessageId && shownMessageIds.has(draft.storedMessageId)) return null;
  return draft.text;
}
