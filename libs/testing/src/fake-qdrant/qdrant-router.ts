import { objectBody, waitParam, type RequestBody } from './qdrant-body';
import type { CollectionStore } from './qdrant-collections';
import { QdrantHttpError } from './qdrant-errors';
import type { Outcome } from './qdrant-http';
import { countPoints, queryPoints, scrollPoints } from './qdrant-reads';
import { deletePoints, upsertPoints } from './qdrant-writes';

export type Reply = Extract<Outcome, { kind: 'result' | 'bare' | 'text' }>;

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: RequestBody;
}

// A fixed commit keeps recorded transcripts stable between runs.
const COMMIT = '0000000000000000000000000000000000fa4e01';

const result = (value: unknown): Reply => ({ kind: 'result', result: value });

/** Loud on purpose: a Qdrant route the fake does not know is a gap in the fake (or a typo), never an empty 200. */
function noRoute(call: Call): QdrantHttpError {
  return new QdrantHttpError(
    404,
    `fake-qdrant: no route for ${call.method} ${call.path} (not a Qdrant 1.19 REST route, or not implemented by the fake)`,
  );
}

export function route(store: CollectionStore, version: string, call: Call): Reply {
  const { method, path, query, body } = call;
  if (path === '/' && method === 'GET') return { kind: 'bare', json: { title: 'qdrant - vector search engine', version, commit: COMMIT } };
  if (['/healthz', '/livez', '/readyz'].includes(path) && method === 'GET') return { kind: 'text', text: 'healthz check passed' };
  const [root, encoded, ...rest] = path.split('/').slice(1);
  if (root !== 'collections') throw noRoute(call);
  if (encoded === undefined || encoded === '') {
    if (method === 'GET') return result({ collections: [...store.collections.keys()].map((name) => ({ name })) });
    throw noRoute(call);
  }
  const name = decodeURIComponent(encoded);
  const key = `${method} ${rest.join('/')}`;
  switch (key) {
    case 'GET ':
      return result(store.info(name));
    case 'PUT ':
      return result(store.create(name, objectBody(body)));
    case 'DELETE ':
      return result(store.delete(name));
    case 'GET exists':
      return result({ exists: store.collections.has(name) });
    case 'PUT index': {
      const wait = waitParam(query);
      const operationId = store.createIndex(name, objectBody(body));
      return result({ operation_id: operationId, status: wait ? 'completed' : 'acknowledged' });
    }
    // The body is read before the collection is looked up: actix's extractor runs before the handler.
    case 'PUT points': {
      const json = objectBody(body);
      return result(upsertPoints(store.get(name), json, body.raw, waitParam(query)));
    }
    case 'POST points/delete': {
      const json = objectBody(body);
      return result(deletePoints(store.get(name), json, body.raw, waitParam(query)));
    }
    case 'POST points/query': {
      const json = objectBody(body);
      return result(queryPoints(store.get(name), json, body.raw));
    }
    case 'POST points/scroll': {
      const json = objectBody(body);
      return result(scrollPoints(store.get(name), json, body.raw));
    }
    case 'POST points/count': {
      const json = objectBody(body);
      return result(countPoints(store.get(name), json, body.raw));
    }
    default:
      throw noRoute(call);
  }
}
