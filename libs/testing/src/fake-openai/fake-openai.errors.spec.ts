import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { apiError, sameRealmFetch, startFakeOpenAI, text, type FakeOpenAI, type FakeReply } from './index';

describe('fake-openai errors, retries and timeouts through the openai SDK', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  const params: ChatCompletionCreateParamsNonStreaming = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
  /** Resolves to the rejection, and fails the test when the call unexpectedly succeeds. */
  const failure = (call: PromiseLike<unknown>): Promise<APIError> =>
    Promise.resolve(call).then(
      () => Promise.reject(new Error('expected the request to fail')),
      (err: unknown) => err as APIError,
    );
  const fail = (c: OpenAI = client) => failure(c.chat.completions.create(params));

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it.each<{ label: string; reply: FakeReply; errorClass: unknown; code: string | null; type: string }>([
    {
      label: '400 to BadRequestError',
      reply: { kind: 'error', status: 400, message: 'Unsupported value', code: 'unsupported_value', param: 'temperature' },
      errorClass: OpenAI.BadRequestError,
      code: 'unsupported_value',
      type: 'invalid_request_error',
    },
    {
      label: '401 to AuthenticationError',
      reply: apiError(401),
      errorClass: OpenAI.AuthenticationError,
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    },
    {
      label: '429 to RateLimitError',
      reply: apiError(429),
      errorClass: OpenAI.RateLimitError,
      code: 'rate_limit_exceeded',
      type: 'requests',
    },
    {
      label: '500 to InternalServerError',
      reply: apiError(500),
      errorClass: OpenAI.InternalServerError,
      code: null,
      type: 'server_error',
    },
  ])('maps $label', async ({ reply, errorClass, code, type }) => {
    fake.enqueue(reply);
    const err = await fail();
    expect(err).toBeInstanceOf(errorClass);
    expect(err.status).toBe((reply as { status: number }).status);
    expect(err.code).toBe(code);
    expect(err.type).toBe(type);
    expect(err.requestID).toMatch(/^req_\d+$/);
    expect(err.message).toMatch(new RegExp(`^${err.status} `));
    if (err.status === 400) expect(err.param).toBe('temperature');
    const retryable = err.status === 429 || err.status === 500;
    expect(err.headers?.get('retry-after-ms')).toBe(retryable ? '10' : null);
  });

  it('lets the SDK retry a 500 until it succeeds, counting attempts in x-stainless-retry-count', async () => {
    fake.enqueue(apiError(500), apiError(503), text('third time lucky'));
    const retrying = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 });
    const res = await retrying.chat.completions.create(params);

    expect(res.choices[0].message.content).toBe('third time lucky');
    const attempts = fake.calls('/chat/completions');
    expect(attempts).toHaveLength(3);
    expect(attempts.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('does not let the SDK retry an exhausted quota', async () => {
    fake.enqueue(apiError(429, { code: 'insufficient_quota' }), text('must not be reached'));
    const err = await fail(new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 }));

    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.code).toBe('insufficient_quota');
    expect(err.type).toBe('insufficient_quota');
    expect(err.headers?.get('x-should-retry')).toBe('false');
    expect(fake.calls('/chat/completions')).toHaveLength(1);
  });

  it('lets scripted headers override the defaults', async () => {
    fake.enqueue(apiError(503, { headers: { 'x-should-retry': 'false', 'retry-after-ms': '5' } }));
    const err = await fail(new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 }));
    expect(err.status).toBe(503);
    expect(err.headers?.get('retry-after-ms')).toBe('5');
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a stream after 200 with an in-stream error that the iterator throws as APIError', async () => {
    fake.enqueue({ kind: 'stream_error', afterChunks: 2, message: 'stream broke', type: 'server_error' });
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0].delta.content ?? '');
    })().catch((e: unknown) => e as APIError);

    expect(err).toBeInstanceOf(APIError);
    expect(err).not.toBeInstanceOf(APIConnectionError);
    expect(err?.status).toBeUndefined();
    expect(err?.type).toBe('server_error');
    expect(err?.message).toContain('stream broke');
    expect(seen).toHaveLength(2);
  });

  it('answers a stream_error script on a non-streaming request with a loud 500', async () => {
    fake.enqueue({ kind: 'stream_error' });
    const err = await fail();
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.message).toContain('non-streaming');
  });

  it('hangs until the SDK times out', async () => {
    fake.enqueue({ kind: 'hang' });
    const started = Date.now();
    // sameRealmFetch: without it jest's vm realm makes the SDK misreport the timeout (see fake-openai.fetch.ts).
    const impatient = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0, timeout: 200, fetch: sameRealmFetch });
    const err = await fail(impatient);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.calls('/chat/completions')).toHaveLength(1);
  });

  it('answers an unscripted request with a loud, non-retryable 500', async () => {
    const err = await fail(new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 }));
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.message).toContain('fake-openai: no scripted reply for this request');
    expect(err.type).toBe('server_error');
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects malformed JSON and unknown routes with the error body', async () => {
    const bad = await failure(
      client.post('/chat/completions', { body: '{not json', headers: { 'content-type': 'application/json' } }),
    );
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad.type).toBe('invalid_request_error');
    expect(fake.requests[0].body).toBe('{not json');

    const missing = await failure(client.get('/no-such-route'));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.message).toContain('Invalid URL (GET /v1/no-such-route)');
  });

  it('closes promptly while a request hangs', async () => {
    const own = await startFakeOpenAI({ replies: [{ kind: 'hang' }] });
    const pending = new OpenAI({ apiKey: 'test', baseURL: own.url, maxRetries: 0 }).chat.completions
      .create(params)
      .catch((e: unknown) => e);
    while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 5));

    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(APIConnectionError);
  });
});
