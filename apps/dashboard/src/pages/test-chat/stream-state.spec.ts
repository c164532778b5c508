import { initialStream, streamReducer, visibleDraft, type StreamEvent, type StreamState } from './stream-state';

const run = (events: StreamEvent[], from: StreamState = initialStream) => events.reduce(streamReducer, from);
const delta = (turnId: string, seq: number, text: string): StreamEvent => ({ type: 'reply.delta', data: { turnId, seq, text } });

describe('streamReducer', () => {
  it('appends deltas of a turn in order and shows typing while it writes', () => {
    const s = run([{ type: 'typing', data: { active: true } }, delta('t1', 1, 'Wir '), delta('t1', 2, 'öffnen '), delta('t1', 3, 'um 7.')]);
    expect(s.typing).toBe(true);
    expect(s.draft?.text).toBe('Wir öffnen um 7.');
  });

  it('drops deltas it already has (a resumed feed repeats them)', () => {
    const s = run([delta('t1', 1, 'a'), delta('t1', 2, 'b'), delta('t1', 2, 'b'), delta('t1', 1, 'a'), delta('t1', 3, 'c')]);
    expect(s.draft?.text).toBe('abc');
  });

  it('starts over when a new turn begins (the reply was retried)', () => {
    const s = run([delta('t1', 1, 'half a rep'), delta('t2', 1, 'A whole reply')]);
    expect(s.draft).toMatchObject({ turnId: 't2', text: 'A whole reply' });
  });

  it('keeps the draft until the stored message is shown, then hides it', () => {
    const s = run([delta('t1', 1, 'Hello'), { type: 'message.created', data: { id: 'm1', author: 'assistant', turnId: 't1' } }]);
    expect(s.typing).toBe(false);
    expect(visibleDraft(s, new Set())).toBe('Hello');
    expect(visibleDraft(s, new Set(['m1']))).toBeNull();
    // A late delta of the finished turn does not reopen it.
    expect(run([delta('t1', 2, ' again')], s).draft?.text).toBe('Hello');
  });

  it('ignores customer messages and unknown events', () => {
    const s = run([delta('t1', 1, 'x'), { type: 'message.created', data: { id: 'c1', author: 'customer' } }, { type: 'conversation.updated', data: {} }]);
    expect(s.draft?.storedMessageId).toBeNull();
    expect(visibleDraft(initialStream, new Set())).toBeNull();
  });
});
