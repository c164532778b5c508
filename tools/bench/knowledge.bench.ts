/**
 * Knowledge bases with the embedded sentence encoder and the embedded LanceDB store: ingestion throughput, search
 * latency and the cost of other tenants' data, each compared with the bare library calls the platform wraps,
 * measured in the same run. Prints ratios: absolute numbers on this machine move ~2x between hours, ratios hold.
 *
 *   npm run bench:knowledge        (BENCH_DOCS documents, default 100; BENCH_ROUNDS passes over the questions, default 2)
 *
 * Input: the retrieval quality corpus (10 Markdown pages and 31 customer questions), repeated under different
 * titles and file names until BENCH_DOCS documents.
 */
import { randomUUID } from 'node:crypto';
import * as lancedb from '@lancedb/lancedb';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEmbedder } from '../../libs/knowledge/src/embeddings/embedded-embedder';
import { chunkDocument } from '../../libs/knowledge/src/ingestion/chunking/chunk-document';
import { embeddingText } from '../../libs/knowledge/src/ingestion/embedding-text';
import { parseDocument } from '../../libs/knowledge/src/ingestion/parsing/parse-document';
import { LanceDbVectorStore } from '../../libs/knowledge/src/vector-store/lancedb-vector-store';
import { collectionFor, type VectorCollection } from '../../libs/knowledge/src/vector-store/vector-store.port';
import { createTenant, type ApiClient } from '../../apps/server/test/support/api-client';
import { createKnowledgeBase, uploadDocument } from '../../apps/server/test/support/knowledge-helpers';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { fmt, mean, pct } from './stats';

const DOCS = Number(process.env.BENCH_DOCS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CORPUS = join(__dirname, '../../libs/knowledge/src/retrieval/__fixtures__/quality-corpus');
// The platform's knowledge base defaults; the bare path chunks the same way.
const CHUNKING = { maxTokens: 350, overlapTokens: 50 };
// RetrievalService asks the store for topK * 3 (its OVERFETCH); the bare search asks for as many.
const OVERFETCH = 3;
const INGEST_DEADLINE_MS = 300_000;
const WARM_UP_QUESTIONS = 8;

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const rss = () => process.memoryUsage().rss;
const row = (label: string, xs: number[]) => `${label.padEnd(44)}${fmt(pct(xs, 50))} ${fmt(pct(xs, 95))} ${fmt(mean(xs))}`;

interface BenchDoc {
  filename: string;
  title: string;
  data: Buffer;
}

function corpus(): { docs: BenchDoc[]; questions: string[] } {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.md')).sort();
  const docs = Array.from({ length: DOCS }, (_, i) => {
    const file = files[i % files.length];
    const copy = Math.floor(i / files.length) + 1;
    return { filename: `copy-${copy}-${file}`, title: `${file.replace(/\.md$/, '')} (copy ${copy})`, data: readFileSync(join(CORPUS, file)) };
  });
  const questions = (JSON.parse(readFileSync(join(CORPUS, 'questions.json'), 'utf8')) as Array<{ question: string }>).map((q) => q.question);
  return { docs, questions };
}

/** Uploads every document as a file (multipart), then waits until the knowledge base lists them all ready. */
async function ingestThroughPlatform(server: TestServer, api: ApiClient, apiKey: string, kbId: string, docs: BenchDoc[]) {
  const began = performance.now();
  for (const doc of docs) {
    const res = await uploadDocument(server.url, apiKey, kbId, doc.filename, doc.data, 'text/markdown', doc.title);
    if (res.status !== 202 || res.body.unchanged) throw new Error(`upload of ${doc.filename} refused: ${res.status} ${JSON.stringify(res.body)}`);
  }
  // One list request per poll (not one per document), so polling stays a small share of the work measured.
  const deadline = Date.now() + INGEST_DEADLINE_MS;
  let listed: Array<{ status: string; chunkCount: number; error: string | null; filename: string }> = [];
  for (;;) {
    listed = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body;
    const failed = listed.find((d) => d.status === 'failed');
    if (failed) throw new Error(`${failed.filename} failed to index: ${failed.error}`);
    const ready = listed.filter((d) => d.status === 'ready').length;
    if (ready === docs.length) break;
    if (Date.now() > deadline) throw new Error(`ingestion did not finish in ${INGEST_DEADLINE_MS / 1000} s: ${ready}/${docs.length} ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { seconds: (performance.now() - began) / 1000, chunks: listed.reduce((n, d) => n + d.chunkCount, 0) };
}

/** What DocumentIndexer does to one document, without the platform: parse, chunk, embed, upsert. */
async function ingestBare(embedder: EmbeddedEmbedder, store: LanceDbVectorStore, tenantId: string, knowledgeBaseId: string, doc: BenchDoc): Promise<number[][]> {
  const collection = collectionFor(embedder.model, embedder.dimension);
  const parsed = await parseDocument({ format: 'markdown', data: doc.data });
  const chunks = chunkDocument(parsed, CHUNKING);
  const { vectors } = await embedder.embed(chunks.map(embeddingText));
  await upsertDocument(store, collection, tenantId, knowledgeBaseId, vectors);
  return vectors;
}

/** One document's vectors under new ids, in one upsert as DocumentIndexer writes them. */
async function upsertDocument(store: LanceDbVectorStore, collection: VectorCollection, tenantId: string, knowledgeBaseId: string, vectors: number[][]) {
  const documentId = randomUUID();
  await store.upsert(
    collection,
    vectors.map((vector) => {
      const id = randomUUID();
      return { id, vector, payload: { tenantId, knowledgeBaseId, documentId, chunkId: id } };
    }),
  );
}

async function main() {
  const { docs, questions } = corpus();
  const server = await startTestServer({ openai: null, knowledge: { openaiEmbeddings: null } });
  const cleanups: Array<() => Promise<unknown> | void> = [];
  try {
    const a = await createTenant(server.url, server.platformKey, 'bench tenant A');
    const b = await createTenant(server.url, server.platformKey, 'bench tenant B');
    const warm = await createTenant(server.url, server.platformKey, 'bench warm-up');
    const kbA = await createKnowledgeBase(a.api, 'Bench A');
    const kbB = await createKnowledgeBase(b.api, 'Bench B');
    const kbWarm = await createKnowledgeBase(warm.api, 'Warm-up');
    const kbInfo = (await a.api.get(`/api/v1/knowledge-bases/${kbA}`)).body;
    if (kbInfo.embeddingModel !== 'universal-sentence-encoder-en') throw new Error(`expected the embedded encoder, got ${kbInfo.embeddingModel}`);
    const topK = server.config.knowledge.retrieval.topK;

    // ---- 1. Ingestion --------------------------------------------------------------------------------------------
    const rssStart = rss();
    // Warm-up (another tenant, one document): loads the encoder, creates the LanceDB table, warms the code paths.
    await ingestThroughPlatform(server, warm.api, warm.apiKey, kbWarm, docs.slice(0, 1));
    const rssWarm = rss();
    const platform = await ingestThroughPlatform(server, a.api, a.apiKey, kbA, docs);
    const rssAfter = rss();

    // Bare: own encoder instance and own LanceDB directory, same texts, one upsert per document as the indexer does.
    const embedder = new EmbeddedEmbedder();
    const bareDir = mkdtempSync(join(tmpdir(), 'confab-bench-bare-'));
    const bareStore = new LanceDbVectorStore({ directory: bareDir });
    cleanups.push(async () => {
      await bareStore.close();
      rmSync(bareDir, { recursive: true, force: true });
    });
    await bareStore.ensureCollection(collectionFor(embedder.model, embedder.dimension));
    await ingestBare(embedder, bareStore, randomUUID(), randomUUID(), docs[0]); // warm-up, another tenant
    const bareTenant = randomUUID();
    const bareKb = randomUUID();
    const bareVectors: number[][][] = [];
    const bareBegan = performance.now();
    for (const doc of docs) bareVectors.push(await ingestBare(embedder, bareStore, bareTenant, bareKb, doc));
    const bareSeconds = (performance.now() - bareBegan) / 1000;
    const bareChunks = bareVectors.reduce((n, v) => n + v.length, 0);

    // ---- 2. Search latency ---------------------------------------------------------------------------------------
    // The bare search reads the server's own table (same rows, same fragments) through its own LanceDB connection.
    const vectorDir = server.config.knowledge.vectorStore.kind === 'embedded' ? server.config.knowledge.vectorStore.directory : '';
    const sameTable = new LanceDbVectorStore({ directory: vectorDir });
    cleanups.push(() => sameTable.close());
    const collection = collectionFor(embedder.model, embedder.dimension);
    const bareSearch = async (tenantId: string, kbId: string, question: string) => {
      const { vectors } = await embedder.embed([question]);
      return sameTable.search({ collection, tenantId, knowledgeBaseIds: [kbId], vector: vectors[0], limit: topK * OVERFETCH });
    };
    const platformSearch = async (api: ApiClient, kbId: string, question: string, hybrid: boolean) => {
      const res = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: question, hybrid });
      if (res.status !== 200) throw new Error(`search failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const timed = async (work: () => Promise<unknown>) => {
      const began = performance.now();
      await work();
      return performance.now() - began;
    };

    // A short unmeasured warm-up, then ROUNDS measured passes; the three paths take turns per question so drift
    // hits all of them alike.
    const lat = { bare: [] as number[], dense: [] as number[], hybrid: [] as number[] };
    let denseHits = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [i, question] of (round === 0 ? questions.slice(0, WARM_UP_QUESTIONS) : questions).entries()) {
        const paths: Array<[keyof typeof lat, () => Promise<unknown>]> = [
          ['bare', () => bareSearch(a.id, kbA, question)],
          ['dense', async () => (denseHits += (await platformSearch(a.api, kbA, question, false)).items.length)],
          ['hybrid', () => platformSearch(a.api, kbA, question, true)],
        ];
        for (let k = 0; k < paths.length; k++) {
          const [name, work] = paths[(i + round + k) % paths.length];
          const ms = await timed(work);
          if (round > 0) lat[name].push(ms);
        }
      }
    }
    if (denseHits === 0) throw new Error('dense search found nothing: the benchmark would be measuring empty results');

    // ---- 3. Tenant isolation -------------------------------------------------------------------------------------
    // Tenant A's searches with only A's data in the collection, then again after tenant B (a real tenant and
    // knowledge base) got as many points in the same collection: the bare run's vectors, written one document per
    // upsert as the indexer writes them. Only the vector store grows; B's chunk rows are not in PostgreSQL, which
    // dense search does not scan anyway (it reads A's rows by id). Query vectors are computed once for the
    // store-only numbers.
    const queryVectors = (await embedder.embed(questions)).vectors;
    const isolationPass = async () => {
      const r = { platform: [] as number[], store: [] as number[], embed: [] as number[] };
      for (const question of questions.slice(0, WARM_UP_QUESTIONS)) await platformSearch(a.api, kbA, question, false); // unmeasured
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, question] of questions.entries()) {
          r.platform.push(await timed(() => platformSearch(a.api, kbA, question, false)));
          r.store.push(await timed(() => sameTable.search({ collection, tenantId: a.id, knowledgeBaseIds: [kbA], vector: queryVectors[i], limit: topK * OVERFETCH })));
          // Drift control: work that other tenants' data cannot affect.
          r.embed.push(await timed(() => embedder.embed([question])));
        }
      }
      return r;
    };
    // Exact search in LanceDB visits every fragment of the table (one per upsert, i.e. per indexed document).
    const fragments = async () => {
      const db = await lancedb.connect(vectorDir);
      const table = await db.openTable(collection.name);
      const n = (await table.stats()).fragmentStats.numFragments;
      table.close();
      db.close();
      return n;
    };
    const alone = await isolationPass();
    const pointsA = await sameTable.count(collection, a.id);
    const fragmentsAlone = await fragments();
    for (const vectors of bareVectors) await upsertDocument(sameTable, collection, b.id, kbB, vectors);
    const pointsB = await sameTable.count(collection, b.id);
    const fragmentsShared = await fragments();
    const shared = await isolationPass();
    // B's data is invisible to A (a wrong filter would show up here before it showed up in latency).
    const leaked = (await bareSearch(a.id, kbA, questions[0])).some((h) => h.payload.tenantId !== a.id);
    if (leaked) throw new Error("tenant A's search returned tenant B's points");

    // ---- Report --------------------------------------------------------------------------------------------------
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    console.log(`\nKnowledge bases: embedded sentence encoder (${embedder.model}), embedded LanceDB store, loopback HTTP`);
    console.log(`corpus: ${docs.length} Markdown documents (quality corpus x${Math.ceil(docs.length / 10)}), ${questions.length} questions x ${ROUNDS} rounds`);
    console.log('\n1. Ingestion (upload every document, wait until all are ready)');
    console.log(`                                              docs/s  chunks/s  chunks  seconds`);
    const ingestRow = (label: string, n: number, chunks: number, s: number) =>
      `${label.padEnd(44)}${(n / s).toFixed(1).padStart(7)} ${(chunks / s).toFixed(1).padStart(9)} ${String(chunks).padStart(7)} ${s.toFixed(1).padStart(8)}`;
    console.log(ingestRow('bare (parse, chunk, embed, upsert)', docs.length, bareChunks, bareSeconds));
    console.log(ingestRow('platform, tenant A (HTTP upload -> ready)', docs.length, platform.chunks, platform.seconds));
    console.log(`ratio platform/bare throughput (docs/s): ${ratio(bareSeconds, platform.seconds)}`);
    if (platform.chunks !== bareChunks) console.log(`  note: chunk counts differ (platform ${platform.chunks}, bare ${bareChunks})`);

    console.log('\n   Process RSS (the server runs in this process)');
    console.log(`   before ingestion (server up, encoder not loaded): ${mb(rssStart)}`);
    console.log(`   after warm-up (encoder loaded, one document):     ${mb(rssWarm)}`);
    console.log(`   after ingesting ${docs.length} documents:                 ${mb(rssAfter)}`);
    console.log(`   delta: ${mb(rssAfter - rssStart)} in all, ${mb(rssAfter - rssWarm)} of it after the encoder was loaded`);

    console.log(`\n2. Search latency, tenant A, ${platform.chunks} chunks, sequential       p50     p95    mean   (ms)`);
    console.log(row(`bare (embed + LanceDB search, limit ${topK * OVERFETCH})`, lat.bare));
    console.log(row('platform POST .../search (dense)', lat.dense));
    console.log(row('platform POST .../search (hybrid: true)', lat.hybrid));
    console.log(`ratio platform/bare (p50, dense): ${ratio(pct(lat.dense, 50), pct(lat.bare, 50))}   (mean: ${ratio(mean(lat.dense), mean(lat.bare))})`);
    console.log(`ratio hybrid/dense (p50): ${ratio(pct(lat.hybrid, 50), pct(lat.dense, 50))}   (mean: ${ratio(mean(lat.hybrid), mean(lat.dense))})`);
    console.log(`platform overhead per search (p50): ${(pct(lat.dense, 50) - pct(lat.bare, 50)).toFixed(1)} ms`);

    console.log(`\n3. Tenant isolation: tenant A searches alone (${pointsA} points) vs with tenant B's ${pointsB} points in the same collection`);
    console.log(`                                              p50 alone  p50 shared  ratio`);
    const isoRow = (label: string, x: number[], y: number[]) =>
      `${label.padEnd(44)}${fmt(pct(x, 50)).padStart(10)} ${fmt(pct(y, 50)).padStart(11)} ${ratio(pct(y, 50), pct(x, 50)).padStart(6)}`;
    console.log(isoRow('platform POST .../search (dense)', alone.platform, shared.platform));
    console.log(isoRow('LanceDB search only (query vector ready)', alone.store, shared.store));
    console.log(isoRow('drift control: embedding the question', alone.embed, shared.embed));
    console.log(`LanceDB table fragments: ${fragmentsAlone} alone, ${fragmentsShared} shared (one per write until the store compacts, every 20 writes)`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
