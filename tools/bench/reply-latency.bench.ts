/**
 * Reply latency and throughput of the whole pipeline (HTTP in, PostgreSQL, outbox relay, Bull on Redis, the
 * openai SDK against the loopback server, delivery) compared with the bare model call it wraps, measured in the
 * same run. Prints ratios: absolute numbers on this machine kind move ~2x between hours, ratios hold.
 *
 *   npm run bench:reply            (BENCH_MESSAGES, BENCH_CONCURRENCY, BENCH_LLM_MS to change the load)
 */
import OpenAI from 'openai';
import { text } from '@confab/testing';
import { apiClient, createTenant } from '../../apps/server/test/support/api-client';
import { startTestServer } from '../../apps/server/test/support/test-server';
import { fmt, mean, pct } from './stats';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const LLM_MS = Number(process.env.BENCH_LLM_MS ?? 50);


async function main() {
  const server = await startTestServer({ conversations: { replyDebounceMs: 0 } });
  server.openai.setLatency(LLM_MS);
  server.openai.respondWith(() => text('Benchmark answer.', { promptTokens: 120, completionTokens: 12 }));
  const { api, apiKey } = await createTenant(server.url, server.platformKey, 'bench');
  const assistantId = (await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'Answer briefly.', model: 'gpt-4o-mini' })).body.id;

  // Baseline: the same model call through the same SDK, without the platform.
  const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: server.openai.url, maxRetries: 0 });
  const bare: number[] = [];
  for (let i = 0; i < 50; i++) {
    const began = performance.now();
    await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    bare.push(performance.now() - began);
  }

  // Sequential: one customer message at a time, wait for the reply in the same request.
  const client = apiClient(server.url, apiKey);
  const chat = (await client.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
  const sequential: number[] = [];
  for (let i = 0; i < 50; i++) {
    const began = performance.now();
    const res = await client.post(`/api/v1/conversations/${chat}/messages`, { text: `question ${i}`, wait: true });
    if (res.body.status !== 'answered') throw new Error(`no reply: ${JSON.stringify(res.body)}`);
    sequential.push(performance.now() - began);
  }

  // Concurrent: CONCURRENCY conversations, MESSAGES messages in all, each waiting for its reply.
  const chats = await Promise.all(Array.from({ length: CONCURRENCY }, async () => (await client.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id));
  const concurrent: number[] = [];
  const began = performance.now();
  await Promise.all(
    chats.map(async (id) => {
      for (let i = 0; i < MESSAGES / CONCURRENCY; i++) {
        const t = performance.now();
        const res = await client.post(`/api/v1/conversations/${id}/messages`, { text: `q${i}`, wait: true });
        if (res.body.status !== 'answered') throw new Error(`no reply: ${JSON.stringify(res.body)}`);
        concurrent.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;

  console.log(`\nReply latency, loopback LLM answering in ${LLM_MS} ms (debounce 0; production adds REPLY_DEBOUNCE_MS)`);
  console.log('                               mean     p50     p95   (ms)');
  console.log(`bare model call (SDK)      ${fmt(mean(bare))} ${fmt(pct(bare, 50))} ${fmt(pct(bare, 95))}`);
  console.log(`platform, one at a time    ${fmt(mean(sequential))} ${fmt(pct(sequential, 50))} ${fmt(pct(sequential, 95))}`);
  console.log(`platform, ${String(CONCURRENCY).padStart(3)} chats at once ${fmt(mean(concurrent))} ${fmt(pct(concurrent, 50))} ${fmt(pct(concurrent, 95))}`);
  console.log(`\nratio platform/bare (p50, sequential): ${(pct(sequential, 50) / pct(bare, 50)).toFixed(2)}`);
  console.log(`pipeline overhead per reply (p50): ${(pct(sequential, 50) - pct(bare, 50)).toFixed(1)} ms`);
  console.log(`throughput with ${CONCURRENCY} chats: ${(MESSAGES / seconds).toFixed(1)} replies/s (${MESSAGES} replies in ${seconds.toFixed(1)} s)`);
  await server.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
