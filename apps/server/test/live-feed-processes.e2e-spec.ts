import type { ChildProcess } from 'node:child_process';
import { text } from '@confab/testing';
import { createTenant } from './support/api-client';
import { killHard, spawnWorker } from './support/spawn-worker';
import { openSse } from './support/sse-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The reply is written in a worker that is its own OS process; the browser's stream is served by the API process.
 * Deltas and the stored message reach the API's SSE client only through Redis.
 */
describe('live feed across an API process and a separate worker process', () => {
  let server: TestServer;
  let worker: ChildProcess;

  beforeAll(async () => {
    server = await startTestServer({ role: 'api', conversations: { replyDebounceMs: 0 } });
    worker = await spawnWorker(server.config);
  }, 90_000);
  afterAll(async () => {
    if (worker) await killHard(worker);
    await server?.close();
  });

  it('streams a reply generated in the worker to an SSE client of the API process', async () => {
    server.openai.respondWith(() => text('Streamed from another process.', { promptTokens: 30, completionTokens: 6 }));
    const { api, apiKey } = await createTenant(server.url, server.platformKey, 'Split');
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Split', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    const stream = await openSse(`${server.url}/api/v1/conversations/${chat}/live`, { authorization: `Bearer ${apiKey}` });
    try {
      await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'who answers?' });
      const created = await stream.waitFor((e) => e.event === 'message.created' && e.data.author === 'assistant', 20_000);
      expect(created.data.text).toBe('Streamed from another process.');
      const deltas = stream.events.filter((e) => e.event === 'reply.delta');
      expect(deltas.length).toBeGreaterThanOrEqual(2);
      expect(deltas.map((d) => d.data.text).join('')).toBe('Streamed from another process.');
      expect(stream.events.some((e) => e.event === 'typing' && e.data.active === true)).toBe(true);
    } finally {
      stream.close();
    }
  }, 60_000);
});
