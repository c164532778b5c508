import { graphError, invalidToken, unsupportedRequest } from './graph-errors';
import type { ResolvedGraphOptions } from './graph-options';
import { DOWNLOAD_PREFIX, parseUpload, type MediaStore } from './media';
import { errorReply, type JsonReply, type MessagesEndpoint } from './messages-endpoint';
import { listTemplates } from './templates';

export type Reply = JsonReply | { status: number; bytes: Buffer; contentType: string };

export interface RouteContext {
  opts: ResolvedGraphOptions;
  baseUrl: string;
  media: MediaStore;
  messages: MessagesEndpoint;
}

export interface IncomingCall {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
  raw: Buffer;
}

const VERSION = /^v\d+\.\d+$/;

/** Graph accepts the token as a bearer header or as ?access_token=. */
function presentedToken(call: IncomingCall): string | undefined {
  const header = call.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? call.url.searchParams.get('access_token') ?? undefined;
}

function nonexistingField(edge: string, node: string): Reply {
  const title = `Tried accessing nonexisting field (${edge}) on node type (${node})`;
  return errorReply(graphError(100, { title, details: title, httpStatus: 404, bare: true }));
}

export function route(ctx: RouteContext, call: IncomingCall): Reply {
  const { opts } = ctx;
  const path = call.url.pathname;
  if (path.startsWith(DOWNLOAD_PREFIX)) {
    return download(ctx, call, decodeURIComponent(path.slice(DOWNLOAD_PREFIX.length)));
  }
  const [version, objectId, edge, ...rest] = path.split('/').filter(Boolean);
  if (version === undefined || !VERSION.test(version)) {
    const title = `Unknown path components: ${path}`;
    return errorReply(graphError(2500, { title, details: title, bare: true }));
  }
  if (presentedToken(call) !== opts.accessToken) return errorReply(invalidToken());
  if (objectId === undefined || rest.length > 0) return nonexistingField(rest.join('/') || 'root', 'Root');

  const isPhone = objectId === opts.phoneNumberId;
  const isWaba = objectId === opts.businessAccountId;
  if (!isPhone && !isWaba && !(edge === undefined && ctx.media.has(objectId))) {
    return errorReply(unsupportedRequest(call.method, objectId));
  }
  const node = isPhone ? 'WhatsAppBusinessPhoneNumber' : isWaba ? 'WhatsAppBusinessAccount' : 'WhatsAppBusinessMedia';
  const key = `${call.method} ${edge ?? ''}`;
  if (isPhone && key === 'POST messages') return ctx.messages.handle(call.json);
  if (isPhone && key === 'POST media') {
    const upload = parseUpload(headerText(call.headers['content-type']), call.raw);
    if (!upload.ok) return errorReply(upload.error);
    return { status: 200, json: { id: ctx.media.upload(upload.bytes, upload.mimeType) } };
  }
  if (isWaba && key === 'GET message_templates') {
    return { status: 200, json: listTemplates(opts.templates, call.url.searchParams, `${ctx.baseUrl}${path}`) };
  }
  if (key === 'GET ') return { status: 200, json: describeObject(ctx, objectId, isPhone, isWaba) };
  return edge === undefined ? errorReply(unsupportedRequest(call.method, objectId)) : nonexistingField(edge, node);
}

function describeObject(ctx: RouteContext, id: string, isPhone: boolean, isWaba: boolean): unknown {
  const { opts } = ctx;
  if (isPhone) {
    return {
      verified_name: 'Confab Test Business',
      code_verification_status: 'VERIFIED',
      display_phone_number: `+${opts.displayPhoneNumber}`,
      quality_rating: 'GREEN',
      messaging_limit_tier: 'TIER_1K',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      id,
    };
  }
  if (isWaba) {
    return { id, name: 'Confab Test WABA', currency: 'USD', timezone_id: '1', message_template_namespace: 'fake_ns' };
  }
  return ctx.media.metadata(id, ctx.baseUrl);
}

/** Lookaside-style download: the same bearer token is required, and a URL that was never issued is stale (404). */
function download(ctx: RouteContext, call: IncomingCall, mediaId: string): Reply {
  if (call.method !== 'GET') return errorReply(unsupportedRequest(call.method, mediaId, 405));
  if (presentedToken(call) !== ctx.opts.accessToken) return errorReply(invalidToken());
  const item = ctx.media.download(mediaId, call.url.searchParams.get('token'));
  if (!item) {
    return errorReply(graphError(100, { title: 'Media URL is invalid or has expired', httpStatus: 404, bare: true }));
  }
  return { status: 200, bytes: item.bytes, contentType: item.mimeType };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
