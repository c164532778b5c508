import { knowledgeDefaults } from './app-config';
import { parseEnv } from './env';

const openaiFor = (env: ReturnType<typeof parseEnv>) =>
  env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? { apiKey: env.OPENAI_API_KEY ?? 'not-needed', baseUrl: env.OPENAI_BASE_URL, timeoutMs: 1000, maxRetries: 1 } : null;
const knowledge = (raw: Record<string, string>) => {
  const env = parseEnv(raw);
  return knowledgeDefaults(env, '/data', openaiFor(env));
};

describe('knowledge configuration', () => {
  it('uses the embedded store and encoder with nothing configured', () => {
    expect(knowledge({})).toMatchObject({ vectorStore: { kind: 'embedded', directory: '/data/vectors' }, openaiEmbeddings: null });
  });

  it('embeds through OpenAI with a key, and through a separate server when one is named', () => {
    expect(knowledge({ OPENAI_API_KEY: 'sk-x' }).openaiEmbeddings).toMatchObject({ apiKey: 'sk-x', model: 'text-embedding-3-small' });
    expect(knowledge({ OPENAI_API_KEY: 'sk-x', EMBEDDINGS_BASE_URL: 'http://emb:8080/v1', EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_DIMENSIONS: '1024' }).openaiEmbeddings)
      .toMatchObject({ baseUrl: 'http://emb:8080/v1', model: 'bge-m3', dimensions: 1024 });
  });

  it('keeps the embedded encoder for a chat-only server reached by OPENAI_BASE_URL alone (Ollama)', () => {
    expect(knowledge({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).openaiEmbeddings).toBeNull();
    expect(knowledge({ OPENAI_BASE_URL: 'http://localhost:11434/v1', EMBEDDINGS_MODEL: 'nomic-embed-text', EMBEDDINGS_DIMENSIONS: '768' }).openaiEmbeddings)
      .toMatchObject({ baseUrl: 'http://localhost:11434/v1', model: 'nomic-embed-text' });
  });

  it('uses Qdrant when QDRANT_URL is set, and checks the limits', () => {
    expect(knowledge({ QDRANT_URL: 'http://qdrant:6333', QDRANT_API_KEY: 'k' }).vectorStore).toEqual({ kind: 'qdrant', url: 'http://qdrant:6333', apiKey: 'k' });
    expect(knowledge({ KNOWLEDGE_MAX_FILE_MB: '5' }).limits.maxFileBytes).toBe(5 * 1_048_576);
    expect(() => parseEnv({ KNOWLEDGE_MAX_FILE_MB: '0' })).toThrow(/KNOWLEDGE_MAX_FILE_MB/);
    expect(() => parseEnv({ QDRANT_URL: 'not a url' })).toThrow(/QDRANT_URL/);
    expect(() => parseEnv({ QUEUE_PREFIX: 'has space' })).toThrow(/QUEUE_PREFIX/);
  });
});
