import { findInputProblem, INPUT_LIMITS, textProblem } from './input-policy';

describe('input policy', () => {
  it('accepts well-formed text, including characters outside the BMP and other control characters', () => {
    expect(textProblem('Grüße 👋 tab\there')).toBeNull();
    expect(findInputProblem({ name: 'Anna', tags: ['a', 'b'], nested: { deep: [1, true, null] } }, '')).toBeNull();
  });

  it('names the path of a NUL or a lone surrogate in values and keys', () => {
    expect(findInputProblem({ rows: [{ a: 'x' }, { a: 'y\u0000' }] }, '')).toMatchObject({ field: 'rows[1].a', message: expect.stringContaining('NUL') });
    expect(findInputProblem({ v: { ['k\ud800']: 1 } }, '')).toMatchObject({ field: 'v.k\ufffd', message: expect.stringContaining('lone UTF-16 surrogate') });
    expect(findInputProblem(['\udc00'], '')).toMatchObject({ field: '[0]' });
    expect(findInputProblem('a\u0000', '')).toMatchObject({ field: 'body' });
  });

  it('caps depth and keys without recursing (no stack overflow however deep)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInputProblem(deep, '')?.message).toMatch(`nested more than ${INPUT_LIMITS.maxDepth} levels deep`);
    let ok: unknown = 1;
    for (let i = 0; i < INPUT_LIMITS.maxDepth; i++) ok = { a: ok };
    expect(findInputProblem(ok, '')).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.maxKeysPerObject + 1 }, (_, i) => [`k${i}`, i]));
    expect(findInputProblem({ wide }, '')).toMatchObject({ field: 'wide' });
  });

  it('checks structure only when text is not to be judged (provider webhooks)', () => {
    expect(findInputProblem({ text: 'a\u0000' }, '', { checkText: false })).toBeNull();
    expect(findInputProblem(JSON.parse(`${'['.repeat(50)}${']'.repeat(50)}`), '', { checkText: false })).not.toBeNull();
  });
});
