export { startFakeGraph } from './fake-graph.server';
export { metaJson, signMetaBody } from './meta-json';
export type {
  DeliverOptions,
  EchoOptions,
  FakeGraph,
  FakeGraphOptions,
  FakeTemplate,
  GraphFailureSpec,
  InboundTextOptions,
  ReadReceipt,
  RecordedGraphRequest,
  SentMessage,
  StatusOptions,
  WebhookDelivery,
} from './fake-graph.types';
export { WHATSAPP_FIXTURES_DIR } from './fixtures-dir';
