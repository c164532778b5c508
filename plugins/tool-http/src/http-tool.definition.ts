import { isCredentialHeaderName, type JsonSchemaObject } from '@confab/plugin-sdk';
import type { CreateHttpToolDto } from './http-tool.dto';

export type HttpToolDefinition = Omit<CreateHttpToolDto, 'headers'> & {
  /** Non-secret headers; secret ones live sealed in the document's secrets. */
  headers: Array<{ name: string; value: string }>;
  secretHeaderNames: string[];
};

/** Whether the value of this header of the tool is a secret: sealed (listed by name) or named like a credential. */
export function isSecretHeader(def: Pick<HttpToolDefinition, 'secretHeaderNames'>, name: string): boolean {
  return isCredentialHeaderName(name) || def.secretHeaderNames.some((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * The definition with every credential header listed by name only. Definitions stored before every credential
 * header was sealed may hold one in `headers`; it is still sent when the tool runs, but never shown.
 */
export function withoutCredentialValues(def: HttpToolDefinition): HttpToolDefinition {
  const plain = def.headers.filter((h) => !isCredentialHeaderName(h.name));
  if (plain.length === def.headers.length) return def;
  const masked = def.headers.filter((h) => isCredentialHeaderName(h.name)).map((h) => h.name);
  return { ...def, headers: plain, secretHeaderNames: [...def.secretHeaderNames, ...masked.filter((n) => !def.secretHeaderNames.includes(n))] };
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const placeholders = (url: string) => new Set([...url.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));

export function placementOf(def: Pick<HttpToolDefinition, 'url' | 'method'>, param: { name: string; in?: string }): 'path' | 'query' | 'body' {
  if (param.in) return param.in as 'path' | 'query' | 'body';
  if (placeholders(def.url).has(param.name)) return 'path';
  return def.method === 'GET' || def.method === 'DELETE' ? 'query' : 'body';
}

/** What the model sees: one JSON Schema property per parameter; an enum is a string with its allowed values. */
export function toJsonSchema(def: HttpToolDefinition): JsonSchemaObject {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const p of def.parameters) {
    properties[p.name] = { type: p.type === 'enum' ? 'string' : p.type, ...(p.description ? { description: p.description } : {}), ...(p.enum ? { enum: p.enum } : {}) };
  }
  return { type: 'object', properties, required: def.parameters.filter((p) => p.required).map((p) => p.name), additionalProperties: false };
}

export interface DefinitionProblem {
  field: string;
  message: string;
}

function enumProblem(param: HttpToolDefinition['parameters'][number]): string | null {
  if (param.enum === undefined) return param.type === 'enum' ? 'an enum parameter needs a list of allowed values' : null;
  if (param.type !== 'enum' && param.type !== 'string') return 'only enum and string parameters take a list of allowed values';
  if (!Array.isArray(param.enum) || param.enum.length === 0) return 'the list of allowed values must not be empty';
  if (param.enum.some((v) => typeof v !== 'string' || v.length === 0)) return 'allowed values must be non-empty strings';
  const twice = param.enum.find((v, i) => param.enum!.indexOf(v) !== i);
  return twice === undefined ? null : `'${twice}' is listed twice`;
}

/** Problems the DTO cannot see: placeholders without a path parameter, duplicate names, enum lists. */
export function definitionProblems(def: HttpToolDefinition): DefinitionProblem[] {
  const names = def.parameters.map((p) => p.name);
  const problems: DefinitionProblem[] = [];
  def.parameters.forEach((param, i) => {
    if (names.indexOf(param.name) !== i) problems.push({ field: `parameters.${i}.name`, message: `parameter '${param.name}' is listed twice` });
    const badEnum = enumProblem(param);
    if (badEnum) problems.push({ field: `parameters.${i}.enum`, message: badEnum });
  });
  for (const ph of placeholders(def.url)) {
    const i = names.indexOf(ph);
    if (i < 0) problems.push({ field: 'parameters', message: `the URL uses {${ph}} but no parameter has that name` });
    else if (placementOf(def, def.parameters[i]) !== 'path' || !def.parameters[i].required) {
      problems.push({ field: `parameters.${i}`, message: `{${ph}} is in the URL, so parameter '${ph}' must be required and in 'path'` });
    }
  }
  return problems;
}

/** Builds the request: path values URL-encoded into their placeholders, the rest into the query or a JSON body. */
export function buildRequest(def: HttpToolDefinition, args: Record<string, unknown>, secrets: Record<string, string>): BuiltRequest {
  let url = def.url;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const param of def.parameters) {
    const value = args[param.name];
    if (value === undefined || value === null) continue;
    const where = placementOf(def, param);
    if (where === 'path') url = url.split(`{${param.name}}`).join(encodeURIComponent(String(value)));
    else if (where === 'query') query.append(param.name, String(value));
    else body[param.name] = value;
  }
  const target = new URL(url);
  query.forEach((v, k) => target.searchParams.append(k, v));
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const h of def.headers) headers[h.name] = h.value;
  for (const name of def.secretHeaderNames) if (secrets[name] !== undefined) headers[name] = secrets[name];
  const hasBody = Object.keys(body).length > 0;
  if (hasBody) headers['content-type'] = 'application/json';
  return { method: def.method, url: target.toString(), headers, ...(hasBody ? { body: JSON.stringify(body) } : {}) };
}

/** Keeps only the listed dot-path fields of a JSON answer, so the model reads what it needs and nothing more. */
export function selectFields(value: unknown, fields: string[] | undefined): unknown {
  if (!fields?.length || value === null || typeof value !== 'object') return value;
  const pick = (obj: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => selectFields(item, fields));
  return Object.fromEntries(fields.map((f) => [f, pick(value, f.split('.'))]).filter(([, v]) => v !== undefined));
}
