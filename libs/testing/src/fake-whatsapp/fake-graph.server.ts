import { listenOnLoopback } from '../loopback-listen';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StatusScheduler, statusSteps } from './auto-statuses';
import { graphError } from './graph-errors';
import { fbtraceId } from './graph-ids';
import { resolveOptions } from './graph-options';
import { route, type Reply } from './graph-router';
import { MediaStore } from './media';
import { metaJson, signMetaBody } from './meta-json';
import { MessagesEndpoint } from './messages-endpoint';
import { echoEnvelope, inboundSenders, inboundTextEnvelope, statusEnvelope } from './notifications';
import { WebhookPoster } from './webhook-post';
import type { FakeGraph, FakeGraphOptions, RecordedGraphRequest, WebhookDelivery } from './fake-graph.types';
import { readBodyBytes } from '../read-body';

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** Graph answers in its own escaped JSON style; 401s also carry the WWW-Authenticate header Graph sends. */
function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { 'x-fb-trace-id': fbtraceId() };
  if ('bytes' in reply) {
    const length = reply.bytes.length;
    res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType, 'content-length': length });
    return void res.end(reply.bytes);
  }
  const payload = metaJson(reply.json);
  Object.assign(headers, reply.headers);
  if (reply.status === 401) {
    headers['www-authenticate'] = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"';
  }
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const opts = resolveOptions(options);
  const biz = opts;
  const requests: RecordedGraphRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  const latencyWaits = new Set<() => void>();
  const media = new MediaStore();
  const poster = new WebhookPoster(deliveries);
  let webhookTarget: string | undefined;
  let latencyMs = 0;
  let closing: Promise<void> | undefined;

  const signedPost = (url: string, payload: object, secret: string, signature?: string | null) => {
    const raw = metaJson(payload);
    return poster.post(url, raw, signature === null ? null : (signature ?? signMetaBody(raw, secret)));
  };
  const scheduler = new StatusScheduler((payload) => {
    if (webhookTarget === undefined) return Promise.resolve();
    return signedPost(webhookTarget, payload, opts.appSecret);
  }, opts.statusDelayMs);
  const early: object[] = [];
  const messages = new MessagesEndpoint(opts, (accepted) => {
    if (webhookTarget === undefined) return;
    const steps = statusSteps(biz, accepted, opts.autoStatuses);
    if (opts.statusesBeforeAnswer) early.push(...steps.map((step) => step()));
    else scheduler.run(steps);
  });
  const noteInbound = (payload: unknown): void => {
    for (const { key, at } of inboundSenders(payload, opts.phoneNumberId)) messages.windows.note(key, at);
  };

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        latencyWaits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      latencyWaits.add(done);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBodyBytes(req);
    const target = req.url ?? '/';
    const url = new URL(target, 'http://fake-graph.invalid');
    const rawBody = raw.toString('utf8');
    const json = parseJson(rawBody);
    const method = req.method ?? 'GET';
    const at = Date.now();
    requests.push({ method, path: url.pathname, url: target, headers: req.headers, body: json, rawBody, at });
    await wait(latencyMs);
    if (closing) return;
    const reply = route({ opts, baseUrl: fake.url, media, messages }, { method, url, headers: req.headers, json, raw });
    // Meta can post a send's statuses before its answer to the send reaches the sender: delivered first, then answered.
    for (const payload of early.splice(0)) await signedPost(webhookTarget!, payload, opts.appSecret).catch(() => undefined);
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake must surface loudly as a non-retryable-looking 500 naming the fake, never as a hang.
      const error = graphError(1, { title: `fake-whatsapp: internal error: ${String(err)}`, httpStatus: 500 });
      if (res.headersSent) return void res.destroy();
      send(res, { status: error.status, json: error.body });
    });
  });
  const { port, destroySockets } = await listenOnLoopback(server);

  const fake: FakeGraph = {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    sent: () => [...messages.sent],
    readReceipts: () => [...messages.reads],
    setWebhookTarget: (url) => void (webhookTarget = url),
    deliverWebhook: (payload, deliverOpts = {}) => {
      const url = deliverOpts.url ?? webhookTarget;
      if (url === undefined) {
        return Promise.reject(new Error('fake-whatsapp: deliverWebhook needs opts.url or setWebhookTarget() first'));
      }
      noteInbound(payload);
      return signedPost(url, payload, deliverOpts.appSecret ?? opts.appSecret, deliverOpts.signature);
    },
    inboundText: (inbound) => {
      const payload = inboundTextEnvelope(biz, inbound);
      noteInbound(payload);
      return payload;
    },
    statusNotification: (status) => statusEnvelope(biz, status),
    echo: (echo) => echoEnvelope(biz, echo),
    failNext: (...failures) => void messages.failures.push(...failures),
    setLatency: (ms) => void (latencyMs = ms),
    addMedia: (id, bytes, mimeType) => media.add(id, bytes, mimeType),
    // Configuration (webhook target, media, templates) survives; what one test did or scripted does not.
    reset: () => {
      scheduler.cancelAll();
      messages.reset();
      media.forgetUrls();
      requests.length = 0;
      deliveries.length = 0;
      latencyMs = 0;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Keep-alive sockets and slow receivers would hold close() open, so they are cut, not awaited.
        scheduler.cancelAll();
        poster.abortAll();
        for (const done of [...latencyWaits]) done();
        destroySockets();
        server.close(() => resolve());
      })),
  };
  return fake;
}
