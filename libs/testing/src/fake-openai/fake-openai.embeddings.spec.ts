import OpenAI, { type APIError } from 'openai';
import { apiError, fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from './index';

/** Resolves to the rejection, and fails the test when the call unexpectedly succeeds. */
const failure = (call: PromiseLike<unknown>): Promise<APIError> =>
  Promise.resolve(call).then(
    () => Promise.reject(new Error('expected the request to fail')),
    (err: unknown) => err as APIError,
  );

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i], 0);

function expectCloseVectors(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = actual.reduce((max, v, i) => Math.max(max, Math.abs(v - expected[i])), 0);
  expect(worst).toBeLessThan(1e-7);
}

describe('fake-openai embeddings and models through the openai SDK', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ models: ['gpt-4o-mini', 'text-embedding-3-small'] });
    client = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers the SDK default (base64 on the wire) with vectors equal to fakeEmbedding()', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'goodbye moon'] });

    expect(fake.calls('/embeddings')[0].body.encoding_format).toBe('base64');
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expectCloseVectors(res.data[0].embedding, fakeEmbedding('hello world', 1536));
    expectCloseVectors(res.data[1].embedding, fakeEmbedding('goodbye moon', 1536));
    // 11 and 12 chars -> 3 tokens each.
    expect(res.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
  });

  it('returns raw little-endian float32 base64 when base64 is asked for explicitly', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'raw bytes',
      encoding_format: 'base64',
    });
    const raw = res.data[0].embedding as unknown as string;
    expect(typeof raw).toBe('string');
    const bytes = Buffer.from(raw, 'base64');
    expect(bytes.length).toBe(1536 * 4);
    const decoded = Array.from({ length: 1536 }, (_, i) => bytes.readFloatLE(i * 4));
    expectCloseVectors(decoded, fakeEmbedding('raw bytes', 1536));
  });

  it('returns float arrays in float mode, honouring dimensions and model defaults', async () => {
    const small = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'short vector',
      encoding_format: 'float',
      dimensions: 256,
    });
    expect(small.data[0].embedding).toEqual(fakeEmbedding('short vector', 256));

    const large = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'big', encoding_format: 'float' });
    expect(large.data[0].embedding).toHaveLength(3072);
  });

  it('is deterministic, unit length, and closer for texts that share words', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['the cat sat on the mat', 'a cat on a mat', 'quarterly revenue report', 'the cat sat on the mat'],
    });
    const [cat, kitten, revenue, again] = res.data.map((d) => d.embedding);
    expect(cosine(cat, cat)).toBeCloseTo(1, 5);
    expect(again).toEqual(cat);
    // Bag of words: 3 shared words over norms sqrt(8) and sqrt(7) gives about 0.40; no shared word gives about 0.
    expect(cosine(cat, kitten)).toBeCloseTo(3 / Math.sqrt(56), 2);
    expect(Math.abs(cosine(cat, revenue))).toBeLessThan(0.1);
  });

  it('rejects an empty string input with a 400', async () => {
    const err = await failure(client.embeddings.create({ model: 'text-embedding-3-small', input: ['fine', ''] }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.type).toBe('invalid_request_error');
    expect(err.param).toBe('input');
  });

  it('lets a responder inject an error into embeddings', async () => {
    const outage = apiError(503, { headers: { 'x-should-retry': 'false' } });
    fake.respondWith((req) => (req.path === '/embeddings' ? outage : undefined));
    const err = await failure(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }));
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.status).toBe(503);
  });

  it('lists models and retrieves one', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-4o-mini', 'text-embedding-3-small']);

    const model = await client.models.retrieve('gpt-4o-mini');
    expect(model).toMatchObject({ id: 'gpt-4o-mini', object: 'model', owned_by: 'system' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /models', 'GET /models/gpt-4o-mini']);
  });

  it('answers 404 model_not_found for an unknown model', async () => {
    const err = await failure(client.models.retrieve('gpt-nope'));
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.code).toBe('model_not_found');
    expect(err.message).toContain("The model 'gpt-nope' does not exist");
  });
});
