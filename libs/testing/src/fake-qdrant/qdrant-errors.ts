/**
 * Qdrant's error classes as the REST layer renders them: `{"status":{"error":"<text>"},"time":..}` with the HTTP
 * status of the StorageError variant (src/actix/helpers.rs). Handlers throw these; the server renders them.
 */
export class QdrantHttpError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(text);
  }
}

export const collectionNotFound = (name: string) =>
  new QdrantHttpError(404, `Not found: Collection \`${name}\` doesn't exist!`);

export const collectionExists = (name: string) =>
  new QdrantHttpError(409, `Wrong input: Collection \`${name}\` already exists!`);

export const wrongInput = (detail: string) => new QdrantHttpError(400, `Wrong input: ${detail}`);

export const dimensionError = (expected: number, got: number) =>
  wrongInput(`Vector dimension error: expected dim: ${expected}, got ${got}`);

export const unknownVectorName = (name: string) => wrongInput(`Not existing vector name error: ${name}`);

/** serde failures; Qdrant appends serde's " at line L column C" when it knows the position. */
export const formatError = (detail: string, at = '') => new QdrantHttpError(400, `Format error in JSON body: ${detail}${at}`);

/** `validator` failures, e.g. `internal.limit: value 0 invalid, must be 1 or larger`. */
export const validationError = (detail: string, where: 'JSON body' | 'path parameters' | 'query parameters' = 'JSON body') =>
  new QdrantHttpError(422, `Validation error in ${where}: [${detail}]`);

/** A request Qdrant would serve but this fake does not: loud, so a test never passes on made-up behaviour. */
export const notImplemented = (what: string) =>
  new QdrantHttpError(500, `Service internal error: fake-qdrant: ${what} is not implemented by the fake`);

/** Position of the first occurrence of `token` in the raw body, in serde's " at line L column C" form. */
export function locate(raw: string, token: string): string {
  const index = raw.indexOf(token);
  if (index < 0) return '';
  const before = raw.slice(0, index + token.length);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n') - 1;
  return ` at line ${line} column ${column}`;
}
