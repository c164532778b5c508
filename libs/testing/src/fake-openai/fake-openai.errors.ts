import type { FakeReply } from './fake-openai.types';

type ErrorReply = Extract<FakeReply, { kind: 'error' }>;

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

// Defaults copy the real API's wording so code that inspects messages or codes sees realistic values.
const DEFAULTS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: {
    message: 'Incorrect API key provided: test. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: {
    message: 'Country, region, or territory not supported',
    type: 'request_forbidden',
    code: 'unsupported_country_region_territory',
  },
  404: { message: 'The requested resource does not exist.', type: 'invalid_request_error', code: null },
  429: {
    message: 'Rate limit reached for requests. Please try again in 10ms.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

const QUOTA = {
  message: 'You exceeded your current quota, please check your plan and billing details.',
  type: 'insufficient_quota',
};

export function errorBody(reply: ErrorReply): ErrorBody {
  const fallback = DEFAULTS[reply.status] ?? {
    message: `fake-openai: error ${reply.status}`,
    type: reply.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  const code = reply.code !== undefined ? reply.code : fallback.code;
  const quota = code === 'insufficient_quota' ? QUOTA : undefined;
  return {
    error: {
      message: reply.message ?? quota?.message ?? fallback.message,
      type: reply.type ?? quota?.type ?? fallback.type,
      param: reply.param ?? null,
      code,
    },
  };
}

/** Headers the SDK's retry logic reads; the reply's own headers win. */
export function errorHeaders(reply: ErrorReply, body: ErrorBody): Record<string, string> {
  const headers: Record<string, string> = {};
  if (reply.status === 429 || reply.status >= 500) headers['retry-after-ms'] = '10';
  // Exhausted quota never recovers by waiting, and the SDK would otherwise retry it like any 429.
  if (reply.status === 429 && body.error.code === 'insufficient_quota') headers['x-should-retry'] = 'false';
  return { ...headers, ...reply.headers };
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ErrorReply {
  return { kind: 'error', status: 400, message, type: 'invalid_request_error', param, code };
}

/** A loud failure that the SDK will not retry, so a missing script shows up at once instead of after backoff. */
export function fakeMisuse(message: string): ErrorReply {
  return { kind: 'error', status: 500, message, type: 'server_error', code: null, headers: { 'x-should-retry': 'false' } };
}
