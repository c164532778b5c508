export { startFakeOpenAI } from './fake-openai.server';
export { apiError, text, toolCalls } from './fake-openai.helpers';
export { fakeEmbedding } from './fake-openai.embeddings';
export { sameRealmFetch } from './fake-openai.fetch';
export type {
  FakeOpenAI,
  FakeOpenAIOptions,
  FakeReply,
  FakeResponder,
  FakeToolCall,
  FakeUsage,
  RecordedRequest,
} from './fake-openai.types';
