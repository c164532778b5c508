import { codeInfo } from './graph-error-codes';
import { fbtraceId } from './graph-ids';
import type { GraphFailureSpec } from './fake-graph.types';

export const ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/** A synchronous Graph error: the HTTP status plus the exact JSON body Meta returns. */
export interface GraphError {
  status: number;
  body: {
    error: {
      message: string;
      type: string;
      code: number;
      error_data?: { messaging_product: 'whatsapp'; details: string };
      error_subcode?: number;
      fbtrace_id: string;
    };
  };
}

export interface GraphErrorOverrides {
  httpStatus?: number;
  title?: string;
  details?: string;
  type?: string;
  /** null drops the subcode the code would usually carry. */
  subcode?: number | null;
  /** Omits error_data, as generic (non-WhatsApp) Graph errors do. */
  bare?: boolean;
}

export function graphError(code: number, overrides: GraphErrorOverrides = {}): GraphError {
  const info = codeInfo(code);
  const title = overrides.title ?? info.title;
  const subcode = overrides.subcode === null ? undefined : (overrides.subcode ?? info.subcode);
  const errorData = { messaging_product: 'whatsapp' as const, details: overrides.details ?? info.details };
  return {
    status: overrides.httpStatus ?? info.http,
    body: {
      error: {
        message: `(#${code}) ${title}`,
        type: overrides.type ?? 'OAuthException',
        code,
        ...(overrides.bare ? {} : { error_data: errorData }),
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: fbtraceId(),
      },
    },
  };
}

export function scriptedError(spec: GraphFailureSpec): GraphError {
  return graphError(spec.code, { httpStatus: spec.httpStatus, title: spec.title, details: spec.details });
}

/** Shorthand for the many "(#100) ..." parameter errors, whose title is the specific complaint. */
export function invalidParam(title: string, details = title): GraphError {
  return graphError(100, { title, details });
}

/** What Graph answers for an id it does not know or a route the object does not have. */
export function unsupportedRequest(method: string, objectId: string, httpStatus = 400): GraphError {
  const verb = method.toLowerCase() === 'get' ? 'get' : method.toLowerCase() === 'post' ? 'post' : 'request';
  const title =
    `Unsupported ${verb} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing ` +
    'permissions, or does not support this operation. Please read the Graph API documentation at ' +
    'https://developers.facebook.com/docs/graph-api';
  return graphError(100, { title, details: title, type: 'GraphMethodException', subcode: 33, httpStatus, bare: true });
}

export function invalidToken(): GraphError {
  return graphError(190, {
    title: 'Invalid OAuth access token - Cannot parse access token',
    details: 'The access token in the Authorization header is not valid for this app.',
    subcode: null,
  });
}

/** The webhook form of an error (statuses[].errors[]): no type, no fbtrace_id, title == message. */
export function webhookError(code: number, details?: string): object {
  const info = codeInfo(code);
  return {
    code,
    title: info.title,
    message: info.title,
    error_data: { details: details ?? info.details },
    href: ERROR_HREF,
  };
}
