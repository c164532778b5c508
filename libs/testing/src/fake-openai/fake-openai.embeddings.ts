import { invalidRequest } from './fake-openai.errors';
import type { FakeReply } from './fake-openai.types';
import { estimateTokens } from './fake-openai.usage';

const SLOTS_PER_WORD = 4;

/** FNV-1a: tiny, stable across runs and platforms, good enough to scatter words over dimensions. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Hashed bag of words, unit length, rounded to float32. Texts that share words point the same way, so similarity
 * search behaves plausibly; the float32 rounding makes the base64 and float wire formats decode to identical numbers.
 */
export function fakeEmbedding(text: string, dims: number): number[] {
  const vec = new Float64Array(dims);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // Text without any word (punctuation, whitespace) still gets a stable, non-zero vector.
  const features = words.length > 0 ? words : [text];
  for (const word of features) {
    for (let slot = 0; slot < SLOTS_PER_WORD; slot++) {
      const hash = fnv1a(word, slot);
      vec[hash % dims] += hash & 0x80000000 ? -1 : 1;
    }
  }
  let norm = Math.sqrt(vec.reduce((sum, v) => sum + v * v, 0));
  if (norm === 0) {
    vec[fnv1a(text, 99) % dims] = 1;
    norm = 1;
  }
  return Array.from(vec, (v) => Math.fround(v / norm));
}

export function defaultDimensions(model: string): number {
  return model === 'text-embedding-3-large' ? 3072 : 1536;
}

function toBase64(vec: number[]): string {
  const floats = new Float32Array(vec);
  // Float32Array uses the host byte order; the wire format is little-endian.
  const view = new DataView(new ArrayBuffer(floats.length * 4));
  floats.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(view.buffer).toString('base64');
}

type Input = string | number[];

/** Normalises the four accepted input shapes; token arrays are embedded as their joined ids. */
function parseInputs(input: unknown): Input[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((x) => typeof x === 'number')) return [input as number[]];
  if (input.every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((n) => typeof n === 'number')))) {
    return input as Input[];
  }
  return undefined;
}

export type EmbeddingsResult = { ok: true; body: unknown } | { ok: false; error: Extract<FakeReply, { kind: 'error' }> };

export function embeddingsResponse(body: any): EmbeddingsResult {
  const fail = (message: string, param: string | null = null) => ({ ok: false as const, error: invalidRequest(message, param) });
  if (typeof body?.model !== 'string' || body.model === '') return fail('you must provide a model parameter', 'model');
  const model: string = body.model;
  const inputs = parseInputs(body.input);
  if (!inputs || inputs.some((x) => x.length === 0)) {
    const hint = 'Please check the API reference: https://platform.openai.com/docs/api-reference.';
    return fail(`'$.input' is invalid. ${hint}`, 'input');
  }
  if (inputs.length > 2048) return fail(`Too many inputs. The max number of inputs is 2048.`, 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return fail(`Invalid value: '${format}'. Supported values are: 'float' and 'base64'.`, 'encoding_format');
  }
  let dims = defaultDimensions(model);
  if (body.dimensions !== undefined) {
    if (!model.startsWith('text-embedding-3')) {
      return fail('This model does not support specifying dimensions.', 'dimensions');
    }
    if (!Number.isInteger(body.dimensions) || body.dimensions < 1 || body.dimensions > dims) {
      return fail(`Invalid value for 'dimensions' = ${body.dimensions}. Must be between 1 and ${dims}.`, 'dimensions');
    }
    dims = body.dimensions;
  }
  let tokens = 0;
  const data = inputs.map((input, index) => {
    const textInput = typeof input === 'string' ? input : input.join(' ');
    tokens += typeof input === 'string' ? estimateTokens(input.length) : input.length;
    const vec = fakeEmbedding(textInput, dims);
    return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vec) : vec };
  });
  return { ok: true, body: { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}
