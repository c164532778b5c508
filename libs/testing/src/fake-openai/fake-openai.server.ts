import { listenOnLoopback } from '../loopback-listen';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { embeddingsResponse } from './fake-openai.embeddings';
import { fakeMisuse, invalidRequest } from './fake-openai.errors';
import { IdCounter, readBody, sendError, sendJson } from './fake-openai.http';
import { DEFAULT_MODELS, listModels, retrieveModel } from './fake-openai.models';
import { completionBody, planCompletion } from './fake-openai.replies';
import { streamCompletion, streamError } from './fake-openai.stream';
import type { FakeOpenAI, FakeOpenAIOptions, FakeReply, FakeResponder, RecordedRequest } from './fake-openai.types';
import { CancellableWaits } from '../cancellable-waits';

/** Either a scripted/derived reply or a ready success body; decided on arrival so FIFO order follows request order. */
type Action = { reply: FakeReply } | { json: unknown };

const NO_SCRIPT = 'fake-openai: no scripted reply for this request';

function normalisePath(path: string): string {
  const pathname = path.split('?')[0];
  return pathname === '/v1' || pathname.startsWith('/v1/') ? pathname.slice(3) || '/' : pathname;
}

function invalidUrl(method: string, url: string): FakeReply {
  return { kind: 'error', status: 404, message: `Invalid URL (${method} ${url.split('?')[0]})`, type: 'invalid_request_error' };
}

function chatValidation(body: any): FakeReply | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalidRequest('The request body must be a JSON object.');
  }
  if (typeof body.model !== 'string' || body.model === '') {
    return invalidRequest('you must provide a model parameter', 'model');
  }
  if (!Array.isArray(body.messages)) {
    return invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  return undefined;
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [...(opts.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const models = opts.models ?? DEFAULT_MODELS;
  const ids = new IdCounter();
  const waits = new CancellableWaits();
  let responder: FakeResponder | undefined = opts.responder;
  let latencyMs = opts.latencyMs ?? 0;
  let closing: Promise<void> | undefined;
  // While set, answers wait for it: a test can see how many requests are in flight at once, however slow the machine.
  let held: { promise: Promise<void>; release: () => void } | undefined;

  const wait = (ms: number) => waits.wait(ms);

  function decide(req: RecordedRequest, versioned: boolean, malformed: boolean): Action {
    if (!versioned) return { reply: invalidUrl(req.method, req.url) };
    if (malformed) {
      return { reply: invalidRequest('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.') };
    }
    const route = `${req.method} ${req.path}`;
    if (route === 'POST /chat/completions') {
      const invalid = chatValidation(req.body);
      if (invalid) return { reply: invalid };
      return { reply: queue.shift() ?? responder?.(req) ?? fakeMisuse(NO_SCRIPT) };
    }
    // Other routes answer by themselves; a responder may still inject failures into them. Responders are usually
    // written for chat bodies, so one that throws on this request is treated as having no opinion.
    let override: FakeReply | undefined;
    try {
      override = responder?.(req);
    } catch {
      override = undefined;
    }
    if (override?.kind === 'error' || override?.kind === 'hang') return { reply: override };
    if (route === 'POST /embeddings') {
      const result = embeddingsResponse(req.body);
      return result.ok ? { json: result.body } : { reply: result.error };
    }
    if (route === 'GET /models') return { json: listModels(models) };
    const modelId = req.method === 'GET' ? /^\/models\/([^/]+)$/.exec(req.path)?.[1] : undefined;
    if (modelId !== undefined) {
      const result = retrieveModel(models, decodeURIComponent(modelId));
      return result.ok ? { json: result.body } : { reply: result.error };
    }
    return { reply: invalidUrl(req.method, req.url) };
  }

  async function answer(action: Action, req: RecordedRequest, res: ServerResponse, requestId: string): Promise<void> {
    if ('json' in action) return sendJson(res, 200, action.json, requestId);
    const { reply } = action;
    // Decided by the body, never by Accept: the SDK sends 'accept: application/json' for streams too.
    const streaming = req.body?.stream === true;
    switch (reply.kind) {
      case 'error':
        return sendError(res, reply, requestId);
      case 'hang':
        return; // left open until the client gives up or close() destroys the socket
      case 'stream_error':
        if (streaming) return streamError(res, reply, req.body, ids, requestId);
        return sendError(res, fakeMisuse('fake-openai: stream_error scripted for a non-streaming request'), requestId);
      case 'text':
      case 'tool_calls': {
        const plan = planCompletion(reply, req.body, ids);
        if (!streaming) return sendJson(res, 200, completionBody(plan), requestId);
        return streamCompletion(res, plan, req.body.stream_options?.include_usage === true, requestId);
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    const versioned = pathname === '/v1' || pathname.startsWith('/v1/');
    let body: any;
    let malformed = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        malformed = true;
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: normalisePath(url),
      url,
      headers: req.headers,
      body,
      at: Date.now(),
    };
    requests.push(recorded);
    const requestId = ids.next('req');
    const action = decide(recorded, versioned, malformed);
    await wait(latencyMs);
    if (held) await held.promise;
    if (closing) return;
    await answer(action, recorded, res, requestId);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake must surface in the test, not turn into SDK retries.
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendError(res, fakeMisuse(`fake-openai: internal error: ${String(err)}`), 'req_error');
    });
  });
  const { port, destroySockets } = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    calls: (path) => requests.filter((r) => r.path === normalisePath(path)),
    enqueue: (...replies) => void queue.push(...replies),
    respondWith: (fn) => void (responder = fn),
    setLatency: (ms) => void (latencyMs = ms),
    hold: () => {
      if (!held) {
        let release!: () => void;
        const promise = new Promise<void>((resolve) => (release = resolve));
        held = { promise, release };
      }
      const mine = held;
      return () => {
        if (held === mine) held = undefined;
        mine.release();
      };
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      responder = undefined;
      latencyMs = 0;
      held?.release();
      held = undefined;
      ids.reset();
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Keep-alive and hanging sockets would hold server.close() open, so they are cut, not awaited.
        waits.releaseAll();
        held?.release();
        destroySockets();
        server.close(() => resolve());
      })),
  };
}
