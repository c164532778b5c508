import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EmbeddedEmbedder } from '../embeddings/embedded-embedder';
import { chunkDocument } from '../ingestion/chunking/chunk-document';
import { embeddingText } from '../ingestion/embedding-text';
import { parseDocument } from '../ingestion/parsing/parse-document';
import { LanceDbVectorStore } from '../vector-store/lancedb-vector-store';
import { collectionFor } from '../vector-store/vector-store.port';
import { defaultThreshold } from './retrieval-defaults';

const CORPUS = join(__dirname, '__fixtures__/quality-corpus');
const TENANT = randomUUID();
const KB = randomUUID();
// Questions the corpus does not answer: their best score should fall under the model's default threshold.
const OFF_TOPIC = [
  'Do you sell coffee machines?',
  'What is the capital of Australia?',
  'Can you recommend a good pizza place nearby?',
  'How do I reset my router password?',
  'Are you hiring software engineers?',
];

/**
 * The retrieval pipeline as ingestion runs it (parse, chunk, embed with the heading path, store, search) on a
 * fixture corpus of help-centre pages, with the questions customers ask and the page that answers each. Reports
 * hit rate at k and the score gap that the default threshold relies on.
 */
describe('retrieval quality on the fixture corpus (embedded encoder, embedded store)', () => {
  const embedder = new EmbeddedEmbedder();
  const dir = mkdtempSync(join(tmpdir(), 'confab-quality-'));
  const store = new LanceDbVectorStore({ directory: dir });
  const collection = collectionFor(embedder.model, embedder.dimension);
  const docOf = new Map<string, string>();

  beforeAll(async () => {
    await store.ensureCollection(collection);
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.md'))) {
      const documentId = randomUUID();
      docOf.set(documentId, file);
      const parsed = await parseDocument({ format: 'markdown', data: readFileSync(join(CORPUS, file)) });
      const chunks = chunkDocument(parsed, { maxTokens: 350, overlapTokens: 50 });
      const { vectors } = await embedder.embed(chunks.map(embeddingText));
      await store.upsert(collection, chunks.map((_, i) => {
        const id = randomUUID();
        return { id, vector: vectors[i], payload: { tenantId: TENANT, knowledgeBaseId: KB, documentId, chunkId: id } };
      }));
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rank(question: string) {
    const { vectors } = await embedder.embed([question]);
    const hits = await store.search({ collection, tenantId: TENANT, knowledgeBaseIds: [KB], vector: vectors[0], limit: 10 });
    const docs: string[] = [];
    for (const h of hits) if (!docs.includes(docOf.get(h.payload.documentId)!)) docs.push(docOf.get(h.payload.documentId)!);
    return { docs, best: hits[0]?.score ?? 0 };
  }

  it('finds the page that answers each customer question (hit rate at k, MRR)', async () => {
    const questions: Array<{ question: string; expected: string }> = JSON.parse(readFileSync(join(CORPUS, 'questions.json'), 'utf8'));
    let hit1 = 0, hit3 = 0, reciprocal = 0;
    const misses: string[] = [];
    const bestScores: number[] = [];
    for (const q of questions) {
      const { docs, best } = await rank(q.question);
      bestScores.push(best);
      const position = docs.indexOf(q.expected);
      if (position === 0) hit1 += 1;
      if (position >= 0 && position < 3) hit3 += 1;
      if (position >= 0) reciprocal += 1 / (position + 1);
      if (position !== 0) misses.push(`${q.question} -> ${docs.slice(0, 3).join(', ')} (expected ${q.expected})`);
    }
    const n = questions.length;
    const threshold = defaultThreshold(embedder.model);
    const offTopic = await Promise.all(OFF_TOPIC.map(async (q) => (await rank(q)).best));
    const answerableAbove = bestScores.filter((s) => s >= threshold).length / n;
    const offTopicBelow = offTopic.filter((s) => s < threshold).length / offTopic.length;
    console.log(
      [
        `retrieval quality: ${n} questions over ${docOf.size} documents, model ${embedder.model}`,
        `  hit@1 ${(hit1 / n).toFixed(2)}  hit@3 ${(hit3 / n).toFixed(2)}  MRR ${(reciprocal / n).toFixed(2)}`,
        `  default threshold ${threshold}: ${(answerableAbove * 100).toFixed(0)}% of answerable questions score above it, ${(offTopicBelow * 100).toFixed(0)}% of off-topic ones below`,
        `  off-topic best scores: ${offTopic.map((s) => s.toFixed(2)).join(' ')}`,
        ...misses.map((m) => `  miss@1: ${m}`),
      ].join('\n'),
    );
    expect(hit3 / n).toBeGreaterThanOrEqual(0.8);
    expect(hit1 / n).toBeGreaterThanOrEqual(0.6);
    expect(answerableAbove).toBeGreaterThanOrEqual(0.8);
    expect(offTopicBelow).toBeGreaterThanOrEqual(0.6);
  }, 60_000);
});
