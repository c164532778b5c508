import { QdrantClient, QdrantClientResourceExhaustedError } from '@qdrant/js-client-rest';
import { startFakeQdrant, type FakeQdrant } from './index';

/** The client throws openapi-typescript-fetch's ApiError (not exported): `status`, and the parsed body in `data`. */
interface ApiErrorLike {
  status: number;
  data: any;
}

type ErrorBody = { status: { error: string } };

async function failure(call: Promise<unknown>): Promise<ApiErrorLike> {
  return call.then(
    () => Promise.reject(new Error('expected the request to fail')),
    (err: unknown) => err as ApiErrorLike,
  );
}

describe('fake-qdrant errors, auth and injected failures', () => {
  let fake: FakeQdrant;
  let client: QdrantClient;

  beforeAll(async () => {
    fake = await startFakeQdrant();
    client = new QdrantClient({ url: fake.url, checkCompatibility: false });
  });
  beforeEach(() => client.createCollection('kb', { vectors: { size: 4, distance: 'Cosine' } }));
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const errorText = async (call: Promise<unknown>, status: number): Promise<string> => {
    const err = await failure(call);
    expect(err.status).toBe(status);
    expect(err.data).toEqual({ status: { error: expect.any(String) }, time: expect.any(Number) });
    return err.data.status.error;
  };

  it('404s an unknown collection with Qdrant text', async () => {
    expect(await errorText(client.getCollection('nope'), 404)).toBe("Not found: Collection `nope` doesn't exist!");
    expect(await errorText(client.query('nope', { query: [1, 0, 0, 0] }), 404)).toBe("Not found: Collection `nope` doesn't exist!");
  });

  it('409s creating an existing collection', async () => {
    expect(await errorText(client.createCollection('kb', { vectors: { size: 4, distance: 'Cosine' } }), 409)).toBe(
      'Wrong input: Collection `kb` already exists!',
    );
  });

  it('400s a vector of the wrong dimension, on upsert and on query, and writes nothing', async () => {
    const upsert = client.upsert('kb', { points: [{ id: 1, vector: [1, 0, 0, 0] }, { id: 2, vector: [1, 0, 0] }] });
    expect(await errorText(upsert, 400)).toBe('Wrong input: Vector dimension error: expected dim: 4, got 3');
    expect(fake.collections.get('kb')?.points.size).toBe(0);
    expect(await errorText(client.query('kb', { query: [1, 0] }), 400)).toBe('Wrong input: Vector dimension error: expected dim: 4, got 2');
    expect(await errorText(client.query('kb', { query: [1, 0, 0, 0], using: 'dense' }), 400)).toBe(
      'Wrong input: Not existing vector name error: dense',
    );
  });

  it('400s an id that is neither an unsigned integer nor a UUID', async () => {
    const text = await errorText(client.upsert('kb', { points: [{ id: 'chunk-1', vector: [1, 0, 0, 0] }] }), 400);
    expect(text).toMatch(
      /^Format error in JSON body: value "chunk-1" is not a valid point ID, valid values are either an unsigned integer or a UUID at line 1 column \d+$/,
    );
    expect(await errorText(client.delete('kb', { points: [-1] }), 400)).toContain('value -1 is not a valid point ID');
  });

  it('422s validation failures such as limit 0', async () => {
    expect(await errorText(client.query('kb', { query: [1, 0, 0, 0], limit: 0 }), 422)).toBe(
      'Validation error in JSON body: [internal.limit: value 0 invalid, must be 1 or larger]',
    );
    expect(await errorText(client.createCollection('big', { vectors: { size: 70000, distance: 'Dot' } }), 422)).toBe(
      'Validation error in JSON body: [vectors.size: value 70000 invalid, must be from 1 to 65536]',
    );
  });

  it('400s malformed JSON and a missing body', async () => {
    const post = (body?: string) =>
      fetch(`${fake.url}/collections/kb/points/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed = await post('{"filter": ?}');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).status.error).toBe('Format error in JSON body: expected value at line 1 column 12');
    const empty = await post();
    expect(((await empty.json()) as ErrorBody).status.error).toBe('Format error in JSON body: EOF while parsing a value at line 1 column 0');
  });

  it('answers routes it does not know with a loud 404 that names the route', async () => {
    const res = await fetch(`${fake.url}/collections/kb/points/search`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).status.error).toMatch(/^fake-qdrant: no route for POST \/collections\/kb\/points\/search/);
    expect((await fetch(`${fake.url}/cluster`)).status).toBe(404);
  });

  it('fails the next requests as scripted, then recovers', async () => {
    fake.failNext(2, { status: 503, error: 'Service unavailable: shard 0 is not active' });
    for (let i = 0; i < 2; i += 1) {
      expect(await errorText(client.count('kb', {}), 503)).toBe('Service unavailable: shard 0 is not active');
    }
    expect(await client.count('kb', {})).toEqual({ count: 0 });
    expect(fake.calls('POST', '/collections/kb/points/count').map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('sends Retry-After with an injected 429, which the client turns into ResourceExhausted', async () => {
    fake.failNext(1, { status: 429, error: 'Rate limiting exceeded: Write rate limit exceeded', retryAfter: 7 });
    const err = await failure(client.upsert('kb', { points: [{ id: 1, vector: [1, 0, 0, 0] }] }));
    expect(err).toBeInstanceOf(QdrantClientResourceExhaustedError);
    expect((err as unknown as QdrantClientResourceExhaustedError).retry_after).toBe(7);
  });

  it('limits injected failures to a method and path, and never fails the version probe unasked', async () => {
    fake.failNext(1, { status: 500, error: 'Service internal error: boom', method: 'POST', path: '/collections/kb/points' });
    expect((await fetch(`${fake.url}/`)).status).toBe(200);
    expect(await client.getCollection('kb')).toMatchObject({ status: 'green' });
    expect(await errorText(client.count('kb', {}), 500)).toBe('Service internal error: boom');
  });

  it('delays answers by the configured latency', async () => {
    fake.setLatency(120);
    const started = Date.now();
    await client.collectionExists('kb');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('reset() forgets collections, calls and pending failures', async () => {
    fake.failNext(5, { status: 500, error: 'Service internal error: boom' });
    fake.reset();
    expect(fake.collections.size).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(await client.collectionExists('kb')).toEqual({ exists: false });
  });
});

describe('fake-qdrant with an api key', () => {
  let fake: FakeQdrant;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    fake = await startFakeQdrant({ apiKey: 'secret' });
  });
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());
  afterAll(() => fake.close());

  it('accepts the api-key header and a bearer token', async () => {
    const client = new QdrantClient({ url: fake.url, apiKey: 'secret', checkCompatibility: false });
    expect(await client.getCollections()).toEqual({ collections: [] });
    expect(fake.calls('GET', '/collections')[0].headers['api-key']).toBe('secret');
    expect(warn).toHaveBeenCalledWith('Api key is used with unsecure connection.');
    const bearer = await fetch(`${fake.url}/collections`, { headers: { authorization: 'Bearer secret' } });
    expect(bearer.status).toBe(200);
  });

  it('401s a missing or wrong key with the bare text Qdrant sends, but serves the version probe', async () => {
    const none = await failure(new QdrantClient({ url: fake.url, checkCompatibility: false }).getCollections());
    expect(none.status).toBe(401);
    expect(none.data).toBe('Must provide an API key or an Authorization bearer token');
    const wrong = await failure(new QdrantClient({ url: fake.url, apiKey: 'nope', checkCompatibility: false }).getCollections());
    expect(wrong).toMatchObject({ status: 401, data: 'Invalid API key or JWT' });
    expect((await fetch(`${fake.url}/`)).status).toBe(200);
  });
});
