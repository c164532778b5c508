import { toStorableText, toStorableValue } from './storable-text';

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps valid pairs (emoji) intact', () => {
    expect(toStorableText('a\u0000b')).toBe('a\ufffdb');
    expect(toStorableText('x\ud83dy')).toBe('x\ufffdy');
    expect(toStorableText('x\ude00y')).toBe('x\ufffdy');
    expect(toStorableText('end\ud83d')).toBe('end\ufffd');
    expect(toStorableText('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(toStorableText('plain')).toBe('plain');
  });

  it('repairs every string of nested objects and arrays, names the fields, and keeps dates', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const { value, repaired } = toStorableValue({
      text: 'hi\u0000', sentAt: at, customer: { identities: [{ kind: 'wa_id', value: '49\u0000' }], displayName: 'Ok' },
      metadata: { 'k\u0000': 1, nested: ['\udc00'] },
    });
    expect(value.text).toBe('hi\ufffd');
    expect(value.sentAt).toBe(at);
    expect(value.customer.identities[0]!.value).toBe('49\ufffd');
    expect(value.metadata).toEqual({ 'k\ufffd': 1, nested: ['\ufffd'] });
    expect(repaired).toEqual(['text', 'customer.identities.0.value', 'metadata.k\ufffd(key)', 'metadata.nested.0']);
  });

  it('reports nothing for clean input', () => {
    expect(toStorableValue({ a: ['b', 1, null], c: 'd' }).repaired).toEqual([]);
  });
});
