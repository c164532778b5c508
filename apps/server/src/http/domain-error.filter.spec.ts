import { type ArgumentsHost, Logger } from '@nestjs/common';
import { Conflict, DomainError, Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationFailed } from '@confab/plugin-sdk';
import { DomainErrorFilter } from './domain-error.filter';

/** What the filter wrote: the status, the headers and the JSON body, as an Express response would carry them. */
function answer(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ method: 'POST', url: '/x' }) }) } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(exception, host);
  return sent;
}

describe('DomainErrorFilter: the SDK errors map by class to their status and the API error body', () => {
  it.each([
    ['ValidationFailed', new ValidationFailed('name must not be empty', 'name'), 400, { code: 'VALIDATION_FAILED', message: 'name must not be empty', details: { field: 'name' } }],
    ['Unauthenticated', new Unauthenticated('Invalid X-Hub-Signature-256'), 401, { code: 'UNAUTHENTICATED', message: 'Invalid X-Hub-Signature-256', details: {} }],
    ['Forbidden', new Forbidden('Verification token mismatch', { connectionId: 'c-1' }), 403, { code: 'FORBIDDEN', message: 'Verification token mismatch', details: { connectionId: 'c-1' } }],
    ['NotFound', new NotFound('assistant', 'a-1'), 404, { code: 'NOT_FOUND', message: 'No assistant a-1 in this tenant', details: { kind: 'assistant', id: 'a-1' } }],
    ['NotFound with its own text', new NotFound('widget version', 'x.js', 'No widget version x.js'), 404, { code: 'NOT_FOUND', message: 'No widget version x.js', details: { kind: 'widget version', id: 'x.js' } }],
    ['Conflict', new Conflict('HANDED_OVER', 'A human has the conversation'), 409, { code: 'HANDED_OVER', message: 'A human has the conversation', details: {} }],
  ])('%s', (_name, error, status, body) => {
    const sent = answer(error);
    expect(sent.status).toBe(status);
    expect(sent.body).toEqual(body);
    expect(sent.headers['www-authenticate']).toBeUndefined();
  });

  it('TooManyRequests: 429 with Retry-After in whole seconds, the limit headers, and the seconds in the body', () => {
    const sent = answer(new TooManyRequests('Slow down', 1_200, { limit: 30 }));
    expect(sent.status).toBe(429);
    expect(sent.headers).toMatchObject({ 'retry-after': '2', 'ratelimit-limit': '30', 'ratelimit-remaining': '0', 'ratelimit-reset': '2' });
    expect(sent.body).toEqual({ code: 'RATE_LIMITED', message: 'Slow down', details: { retryAfterSeconds: 2, limit: 30 }, retryAfterSeconds: 2 });
  });

  it('Unauthenticated with a challenge sends it as WWW-Authenticate', () => {
    const sent = answer(new Unauthenticated('Send a token', 'Bearer realm="confab"'));
    expect(sent.status).toBe(401);
    expect(sent.headers['www-authenticate']).toBe('Bearer realm="confab"');
  });

  it('a subclass keeps its class status whatever code it carries', () => {
    expect(answer(new Conflict('NOT_FOUND', 'named like a 404, still a conflict')).status).toBe(409);
    class ContentRefused extends ValidationFailed {}
    expect(answer(new ContentRefused('bad bytes')).status).toBe(400);
  });

  it('a plain DomainError maps by its code: the known ones to their status, an unknown one to 409', () => {
    expect(answer(new DomainError('UNAUTHENTICATED', 'who are you')).status).toBe(401);
    expect(answer(new DomainError('FORBIDDEN', 'not you')).status).toBe(403);
    expect(answer(new DomainError('PAYLOAD_TOO_LARGE', 'too big')).status).toBe(413);
    const unknown = answer(new DomainError('SOMETHING_ELSE', 'state refuses it', { a: 1 }));
    expect(unknown.status).toBe(409);
    expect(unknown.body).toEqual({ code: 'SOMETHING_ELSE', message: 'state refuses it', details: { a: 1 } });
  });

  it('anything else is a 500 without internals', () => {
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = answer(new Error('secret stack detail'));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });
});
