import { createHash } from 'node:crypto';
import { startFakeGraph, type FakeGraph } from './index';
import { graph, PHONE_ID, TOKEN, VERSION } from './fake-graph.test-helpers';

describe('fake Graph API: media', () => {
  let fake: FakeGraph;
  const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

  beforeAll(async () => {
    fake = await startFakeGraph();
  });
  beforeEach(() => fake.addMedia('1000000000000001', bytes, 'image/jpeg'));
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('describes media like Graph and serves the bytes only with the bearer token', async () => {
    const meta = await graph(fake, `/${VERSION}/1000000000000001?phone_number_id=${PHONE_ID}`);
    expect(meta.status).toBe(200);
    expect(meta.json).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringMatching(new RegExp(`^${fake.url}/media-download/1000000000000001\\?token=\\w+$`)),
      mime_type: 'image/jpeg',
      sha256: createHash('sha256').update(bytes).digest('base64'),
      file_size: String(bytes.length),
      id: '1000000000000001',
    });

    const download = await fetch(meta.json.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

    const anonymous = await fetch(meta.json.url);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe(190);
    expect((await fetch(meta.json.url, { headers: { authorization: 'Bearer other' } })).status).toBe(401);
  });

  it('treats a URL that was never issued as stale (404) and an unknown media id as error 100', async () => {
    const stale = await fetch(`${fake.url}/media-download/1000000000000001?token=made-up`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(stale.status).toBe(404);
    const unknown = await graph(fake, `/${VERSION}/1999999999999999`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
    expect((await graph(fake, `/${VERSION}/1000000000000001`, { token: null })).status).toBe(401);
  });

  it('accepts a multipart upload and serves the uploaded file back', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'application/pdf');
    form.set('file', new Blob([Buffer.from('%PDF-1.4 fake')], { type: 'application/pdf' }), 'menu.pdf');
    const res = await fetch(`${fake.url}/${VERSION}/${PHONE_ID}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const meta = await graph(fake, `/${VERSION}/${id}`);
    expect(meta.json).toMatchObject({ mime_type: 'application/pdf', file_size: '13' });
    const file = await fetch(meta.json.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await file.text()).toBe('%PDF-1.4 fake');
  });
});
