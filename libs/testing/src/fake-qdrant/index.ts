export { startFakeQdrant } from './fake-qdrant.server';
export type {
  FakeCollection,
  FakePoint,
  FakeQdrant,
  FakeQdrantFailure,
  FakeQdrantOptions,
  FakeVectorParams,
  QdrantDistance,
  RecordedQdrantRequest,
} from './fake-qdrant.types';
