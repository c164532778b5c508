import { QdrantClient } from '@qdrant/js-client-rest';
import { startFakeQdrant } from '@confab/testing';
import { QdrantVectorStore } from './qdrant-vector-store';
import { describeVectorStoreContract } from './testing/vector-store-contract';
import type { VectorCollection } from './vector-store.port';

describeVectorStoreContract('Qdrant adapter on the loopback fake', async () => {
  const fake = await startFakeQdrant();
  return { store: new QdrantVectorStore({ url: fake.url }), cleanup: () => fake.close() };
});

const realUrl = process.env.QDRANT_URL;
if (realUrl) {
  // Same suite against a real server. Every collection a test ensures is new (random name) and dropped afterwards.
  describeVectorStoreContract(`Qdrant at ${realUrl}`, async () => {
    const apiKey = process.env.QDRANT_API_KEY;
    const store = new QdrantVectorStore({ url: realUrl, apiKey });
    const created = new Set<string>();
    const ensure = store.ensureCollection.bind(store);
    store.ensureCollection = (collection: VectorCollection) => {
      created.add(collection.name);
      return ensure(collection);
    };
    const cleanup = async () => {
      const admin = new QdrantClient({ url: realUrl, apiKey, checkCompatibility: false });
      for (const name of created) await admin.deleteCollection(name);
    };
    return { store, cleanup };
  });
}
// Without QDRANT_URL the contract runs only against the loopback server above (no real Qdrant on CI machines).
