import type { HttpTool, HttpToolInput, HttpToolUpdate } from '../tools-api';

export type Method = HttpToolInput['method'];
export type ParamType = HttpToolInput['parameters'][number]['type'];
export type ParamIn = NonNullable<HttpToolInput['parameters'][number]['in']>;
export const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const PARAM_TYPES: ParamType[] = ['string', 'number', 'boolean', 'enum'];
export const PARAM_PLACES: ParamIn[] = ['path', 'query', 'body'];

export interface HeaderDraft { name: string; value: string; secret: boolean }
export interface ParamDraft { name: string; type: ParamType; required: boolean; description: string; enum: string[]; in: ParamIn | '' }
export interface HttpToolDraft {
  name: string;
  description: string;
  method: Method;
  url: string;
  headers: HeaderDraft[];
  parameters: ParamDraft[];
  timeoutMs: number | '';
  responseFields: string[];
}

// The server seals these whatever the form says (plugin-sdk credential-headers); the form shows them as secret too,
// so a token is never displayed in clear while it is typed.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const CREDENTIAL_PARTS = ['key', 'token', 'secret', 'auth', 'password', 'passwd', 'session', 'signature'];
export function isCredentialHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_PARTS.some((part) => lower.includes(part));
}

export const emptyHeader = (): HeaderDraft => ({ name: '', value: '', secret: false });
export const emptyParam = (): ParamDraft => ({ name: '', type: 'string', required: true, description: '', enum: [], in: '' });
export const emptyDraft = (): HttpToolDraft => ({ name: '', description: '', method: 'GET', url: 'https://', headers: [], parameters: [], timeoutMs: 10_000, responseFields: [] });

/** A copy of a stored tool to start a new one from. Secret header values never come back, so they are asked for again. */
export function draftFrom(tool: HttpTool, name: string): HttpToolDraft {
  return {
    name,
    description: tool.description,
    method: tool.method as Method,
    url: tool.url,
    headers: [...tool.headers.map((h) => ({ ...h, secret: false })), ...tool.secretHeaderNames.map((n) => ({ name: n, value: '', secret: true }))],
    parameters: tool.parameters.map((p) => ({
      name: p.name, type: p.type as ParamType, required: p.required ?? false, description: p.description ?? '', enum: p.enum ?? [], in: (p.in as ParamIn | undefined) ?? '',
    })),
    timeoutMs: tool.timeoutMs ?? 10_000,
    responseFields: tool.responseFields ?? [],
  };
}

/** The request body of POST /api/v1/http-tools: empty optional parts left out. */
export function draftToInput(d: HttpToolDraft): HttpToolInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    method: d.method,
    url: d.url.trim(),
    headers: d.headers.map((h) => ({ name: h.name.trim(), value: h.value, secret: h.secret })),
    parameters: d.parameters.map((p) => ({
      name: p.name.trim(),
      type: p.type,
      required: p.required,
      ...(p.description.trim() ? { description: p.description.trim() } : {}),
      ...(p.type === 'enum' || p.enum.length ? { enum: p.enum } : {}),
      ...(p.in ? { in: p.in } : {}),
    })),
    // Empty means the platform's default, sent explicitly since the API types it as always present.
    timeoutMs: d.timeoutMs === '' ? 10_000 : d.timeoutMs,
    ...(d.responseFields.length ? { responseFields: d.responseFields } : {}),
  };
}

/**
 * The body of PUT /api/v1/http-tools/{id}: the definition without its name; a secret header left empty whose value is
 * stored is sent without a value, which keeps the stored one.
 */
export function draftToUpdate(d: HttpToolDraft, storedSecrets: string[]): HttpToolUpdate {
  const { name: _name, headers, ...rest } = draftToInput(d);
  const stored = new Set(storedSecrets.map((n) => n.toLowerCase()));
  return {
    ...rest,
    headers: (headers ?? []).map((h) => {
      const secret = h.secret || isCredentialHeaderName(h.name);
      return secret && h.value === '' && stored.has(h.name.toLowerCase()) ? { name: h.name, secret: true } : h;
    }),
  };
}

/** Test arguments typed as the tool's parameters want them; empty optional values are left out, as a model would. */
export function testArgs(tool: HttpTool, values: Record<string, string | boolean>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const p of tool.parameters) {
    const v = values[p.name];
    if (p.type === 'boolean') {
      if (v !== undefined) args[p.name] = v === true;
    } else if (typeof v === 'string' && v.trim() !== '') {
      // A number that does not parse is sent as typed, so the server names the problem at the field.
      args[p.name] = p.type === 'number' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
  }
  return args;
}
