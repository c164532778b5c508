import type { INestApplication } from '@nestjs/common';
import { text } from '@confab/testing';
import { createApp } from '../src/create-app';
import { createTenant } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * ROLE=api and ROLE=worker as two apps on one database: the API process does not relay, so the events of its
 * commits reach the worker's relay only through the NOTIFY it sends after each commit. The worker polls once a
 * minute here, so an answer within seconds shows the wake-up worked.
 */
describe('an API process and a worker process (LISTEN/NOTIFY between them)', () => {
  let api: TestServer;
  let worker: INestApplication;

  beforeAll(async () => {
    api = await startTestServer({ role: 'api', relayPollMs: 60_000, conversations: { replyDebounceMs: 0 } });
    worker = await createApp({ ...api.config, role: 'worker' }, false);
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('answers a message committed by the API process at once, from the worker', async () => {
    api.openai.respondWith(() => text('Answered by the worker.'));
    const { api: client } = await createTenant(api.url, api.platformKey, 'Split');
    const assistantId = (await client.post('/api/v1/assistants', { name: 'Split', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    const chat = (await client.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    const began = Date.now();
    const res = await client.post(`/api/v1/conversations/${chat}/messages`, { text: 'who answers?', wait: true });
    expect(res.body).toMatchObject({ status: 'answered' });
    expect(Date.now() - began).toBeLessThan(10_000); // the poll alone would take a minute
  });
});
