import { LlmError } from './llm.port';
import { modelErrorKind } from './model-error-kind';

describe('modelErrorKind', () => {
  const status = (s: number, code: string | null = null) => new LlmError(`Language model error ${s}`, true, s, code);

  it('groups provider answers by status and code', () => {
    expect(modelErrorKind(status(429))).toBe('rate_limited');
    expect(modelErrorKind(status(429, 'insufficient_quota'))).toBe('quota');
    expect(modelErrorKind(status(500))).toBe('server_error');
    expect(modelErrorKind(status(503))).toBe('server_error');
    expect(modelErrorKind(status(400, 'context_length_exceeded'))).toBe('bad_request');
    expect(modelErrorKind(status(404, 'model_not_found'))).toBe('bad_request');
    expect(modelErrorKind(status(401))).toBe('auth');
    expect(modelErrorKind(status(403))).toBe('auth');
    expect(modelErrorKind(status(408))).toBe('timeout');
  });

  it('tells a client timeout from an unreachable server', () => {
    expect(modelErrorKind(new LlmError('The language model timed out', true, undefined, 'timeout'))).toBe('timeout');
    expect(modelErrorKind(new LlmError('Language model unreachable: ECONNREFUSED', true))).toBe('connection');
    expect(modelErrorKind(new Error('something else'))).toBe('other');
  });

  it('believes the request signal over what the SDK made of the abort', async () => {
    const unreachable = new LlmError('Language model unreachable: Request was aborted.', true);
    const timedOut = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(modelErrorKind(unreachable, timedOut)).toBe('timeout');
    const cancelled = new AbortController();
    cancelled.abort(new Error('lock lost'));
    expect(modelErrorKind(unreachable, cancelled.signal)).toBe('aborted');
    expect(modelErrorKind(unreachable, new AbortController().signal)).toBe('connection');
  });
});
