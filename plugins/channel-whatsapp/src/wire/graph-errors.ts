import { retryAfterFromHeader, type ProviderError } from '@confab/plugin-sdk';
import { asRecord, str, text } from './wire-values';

export interface GraphErrorClass {
  retryable: boolean;
  /** Meta's numeric code as a string; 'network' or 'http_<status>' when the body had none. */
  code: string;
  /** Meta's own title when it gave one (what Meta support and its docs use); else the platform's text. */
  title: string;
  /** Meta's error_data.details (or the raw body without a code); null when there is none. */
  details: string | null;
  /** 131047: the 24 h customer-service window is closed; only templates may be sent now. */
  closesServiceWindow: boolean;
  /** 0 / 190: the access token is dead; the connection needs an operator to reconnect it. */
  needsReconnect: boolean;
  subcode?: string;
  /** Quote this in a support ticket to Meta. */
  fbtraceId?: string;
  /** Retryable throttling: wait at least this long before the next attempt (Retry-After, else the code's window). */
  retryAfterMs?: number;
}

/** Codes worth another attempt after backoff (§7): throttling, transient platform failures, maintenance. */
const RETRYABLE = new Set(['1', '2', '4', '613', '80007', '130429', '131000', '131016', '131056', '131057', '133004']);

/**
 * The least wait that can help for each rate limit (§7, §8) when no Retry-After says otherwise: throughput is per
 * second, the pair limit clears after seconds (Meta: 4^n s, the send queue's backoff grows it further), the app and
 * WABA call limits are rolling windows where retrying within the minute only spends more of the budget.
 */
const THROTTLE_WAIT_MS: Record<string, number> = { '130429': 1_000, '131056': 4_000, '4': 60_000, '613': 60_000, '80007': 60_000 };
const RECONNECT = new Set(['0', '190']);

/** The platform's text for each code, used only when Meta sent no title of its own (§7 keeps Meta's as the title). */
const TITLES: Record<string, string> = {
  '0': 'Authentication with Meta failed; reconnect the WhatsApp account',
  '1': 'Meta reported an unknown error; will retry',
  '2': 'Meta service temporarily unavailable; will retry',
  '3': 'The app lacks the capability or permission for this call',
  '4': 'Too many API calls from this app; will retry with backoff',
  '613': 'Graph API call rate limit reached; will retry with backoff',
  '10': 'Permission denied for this WhatsApp Business Account',
  '100': 'Invalid or missing parameter in the request',
  '190': 'The access token is expired or invalid; reconnect the WhatsApp account',
  '368': 'The WhatsApp Business Account is temporarily restricted for policy violations',
  '80007': 'WhatsApp Business Account rate limit reached; will retry with backoff',
  '130403': 'This user is blocked by the business',
  '130429': 'Throughput limit of this phone number reached; will retry with backoff',
  '130472': "The user's number is part of a Meta experiment; message not delivered",
  '130497': 'The business account may not message users in this country',
  '131000': 'Meta reported a temporary failure; will retry',
  '131005': 'Access denied: the app lacks permission for this phone number',
  '131008': 'A required parameter is missing',
  '131009': 'A parameter value is invalid (e.g. text longer than 4096 characters)',
  '131016': 'WhatsApp service temporarily overloaded; will retry',
  '131021': 'Cannot send a message to the business number itself',
  '131026': 'Message undeliverable: the recipient may not use WhatsApp, have an old app, or have blocked the business',
  '131030': 'Recipient is not in the allowed list of this test number',
  '131031': 'The WhatsApp Business Account is locked',
  '131037': 'The phone number needs an approved display name before it can send',
  '131042': 'Payment problem on the WhatsApp Business Account',
  '131045': 'Phone number registration problem; re-register the number',
  '131047': 'More than 24 hours have passed since the customer last wrote; send an approved template instead',
  '131048': 'Spam rate limit hit: too many users blocked or reported this number',
  '131049': 'Meta held back this marketing template to protect user engagement; do not retry within 24 hours',
  '131050': 'The user has stopped marketing messages from this business',
  '131051': 'Unsupported message type',
  '131052': "The customer's media could not be downloaded (too large or unavailable)",
  '131053': 'Media upload failed: unsupported type or the file URL could not be fetched',
  '131056': 'Too many messages to this user in a short time; will retry after a pause',
  '131057': 'The phone number is in maintenance; will retry shortly',
  '131062': 'This message type cannot be sent to a username (BSUID) recipient; a phone number is needed',
  '131064': 'Messaging limit reached after template misclassification',
  '132000': 'Template parameter count does not match the template',
  '132001': 'Template does not exist in this language or is not approved',
  '132005': 'Translated template text is too long',
  '132007': 'Template content violates WhatsApp policy',
  '132012': 'Template parameter format does not match the template',
  '132015': 'Template is paused for low quality',
  '132016': 'Template is permanently disabled for low quality',
  '132068': 'The WhatsApp Flow is blocked',
  '132069': 'The WhatsApp Flow is throttled',
  '133004': 'WhatsApp server temporarily unavailable; will retry',
  '133010': 'The phone number is not registered on the Cloud API',
  '135000': 'Generic request error; check the message parameters',
};

/** A request that got no usable answer: refused by the address policy, a network failure, or an HTTP error. */
export function classifyGraphResponse(res: { status?: number; body?: unknown; networkError?: string; refused?: string; retryAfter?: string }, now = Date.now()): GraphErrorClass {
  if (res.refused !== undefined) return classifyRefused(res.refused);
  const c = classifyGraphError(res.status, res.networkError !== undefined ? undefined : res.body);
  if (!c.retryable) return c;
  const retryAfterMs = retryAfterFromHeader(res.retryAfter, now) ?? THROTTLE_WAIT_MS[c.code];
  return retryAfterMs === undefined ? c : { ...c, retryAfterMs };
}

/** Not Meta's word: the platform would not call the URL (an internal address the operator did not allow). */
export function classifyRefused(reason: string): GraphErrorClass {
  return {
    retryable: false,
    code: 'forbidden_address',
    title: 'The Graph API URL is not allowed: internal addresses need the operator to list the host in OUTBOUND_ALLOWED_HOSTS',
    details: reason,
    closesServiceWindow: false,
    needsReconnect: false,
  };
}

/**
 * Classifies a synchronous Graph API failure. Decisions key on error.code (§7), because Meta's HTTP statuses
 * for the same code vary between sources (400 vs 429 for throttling). No code at all: transport trouble.
 */
export function classifyGraphError(httpStatus: number | undefined, body: unknown): GraphErrorClass {
  const root = asRecord(body);
  // Accept both the full response {"error": {...}} and the bare inner object that some callers keep.
  const err = asRecord(root?.['error']) ?? (root && root['code'] !== undefined ? root : undefined);
  const code = str(err?.['code']);
  if (code === undefined) return classifyWithoutCode(httpStatus, typeof body === 'string' ? text(body.slice(0, 500)) : undefined);

  const message = text(err?.['message']);
  const details = text(asRecord(err?.['error_data'])?.['details']) ?? text(err?.['error_user_msg']) ?? message;
  const providerTitle = text(err?.['error_user_title']) ?? text(err?.['title']) ?? message?.replace(/^\(#\d+\)\s*/, '');
  return {
    ...byCode(code, providerTitle, details),
    subcode: str(err?.['error_subcode']),
    fbtraceId: text(err?.['fbtrace_id']),
  };
}

/** Same table for failures that arrive later in a `failed` status webhook (e.g. 131047 after a 200). */
export function classifyStatusError(error: ProviderError): GraphErrorClass {
  return byCode(error.code, error.title, error.details);
}

function byCode(code: string, providerTitle: string | undefined, details: string | undefined): GraphErrorClass {
  // Permission errors span the whole 200–299 range (§7); the table lists the range, not each code.
  const permission = /^2\d\d$/.test(code) ? 'Missing permission for this WhatsApp Business Account' : undefined;
  return {
    retryable: RETRYABLE.has(code),
    code,
    title: providerTitle || TITLES[code] || permission || `WhatsApp error ${code}`,
    details: details ?? null,
    closesServiceWindow: code === '131047',
    needsReconnect: RECONNECT.has(code),
  };
}

function classifyWithoutCode(httpStatus: number | undefined, bodyText: string | undefined): GraphErrorClass {
  const base = { closesServiceWindow: false, needsReconnect: false };
  if (httpStatus === undefined) {
    return { ...base, retryable: true, code: 'network', title: 'Could not reach the WhatsApp API (network error or timeout)', details: null };
  }
  // 429 without a body code is still throttling from some proxy or gateway in between.
  const retryable = httpStatus >= 500 || httpStatus === 429;
  const title = retryable ? `WhatsApp API answered HTTP ${httpStatus}; will retry` : `WhatsApp API rejected the request with HTTP ${httpStatus}`;
  return { ...base, retryable, code: `http_${httpStatus}`, title, details: bodyText ?? null };
}
