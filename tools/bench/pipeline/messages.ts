import { metaJson, signMetaBody, type FakeGraph } from '@confab/testing';
import { nextToken } from './tokens';

/** The app secret both sides check X-Hub-Signature-256 with (the one whatsappConfig() gives the platform). */
export const APP_SECRET = 'test-app-secret';

export interface SignedMessage {
  token: string;
  from: string;
  raw: string;
  signature: string;
}

/**
 * Signed inbound text webhooks as Meta posts them (the fake Graph's own envelope, Meta's JSON escaping), each with
 * a unique message id and token, spread over `customers` conversations.
 */
export function messageFactory(graph: FakeGraph, customers: number): () => SignedMessage {
  const base = 4915100000000 + Math.floor(Math.random() * 1e6) * 1000;
  let n = 0;
  return () => {
    const token = nextToken();
    const from = String(base + (n++ % customers));
    const raw = metaJson(graph.inboundText({ from, text: `Hello, question ${token}?`, id: `wamid.bench.${token}`, name: 'Bench Customer' }));
    return { token, from, raw, signature: signMetaBody(raw, APP_SECRET) };
  };
}
