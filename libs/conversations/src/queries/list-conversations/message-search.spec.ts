import { parseHeadline, searchExpression } from './message-search';
import { decimalToMicros } from './conversation-where';

describe('searchExpression (what the user typed, as to_tsquery text)', () => {
  it('requires every word, each with its umlaut spellings as alternatives', () => {
    expect(searchExpression('Grüße aus München')).toBe(`('grüße' | 'gruesse') & 'aus' & ('münchen' | 'muenchen')`);
    expect(searchExpression('gruesse')).toBe(`('gruesse' | 'grüsse')`);
  });

  it('keeps quoted phrases together and excludes -words in every spelling', () => {
    expect(searchExpression('"verspätete Lieferung" -storniert')).toBe(`(('verspätete' | 'verspaetete') <-> 'lieferung') & !('storniert')`);
    expect(searchExpression('Lieferung -München')).toBe(`'lieferung' & !(('münchen' | 'muenchen'))`);
  });

  it('splits alternatives on or, and quotes operator characters and quotes away', () => {
    expect(searchExpression('rechnung OR invoice')).toBe(`('rechnung') | ('invoice')`);
    expect(searchExpression(`it's & (x | y) !\\`)).toBe(`'it''s' & '&' & '(x' & '|' & 'y)' & '!\\\\'`);
    expect(searchExpression('or "" -')).toBe('');
  });
});

describe('parseHeadline', () => {
  it('turns the markers into offsets of plain text', () => {
    const { snippet, highlights } = parseHeadline('Die \u0002Lieferung\u0003 ist \u0002verspätet\u0003');
    expect(snippet).toBe('Die Lieferung ist verspätet');
    expect(highlights.map((h) => snippet.slice(h.start, h.end))).toEqual(['Lieferung', 'verspätet']);
  });
});

describe('decimalToMicros', () => {
  it('is exact for every decimal place', () => {
    expect(decimalToMicros('0.000001')).toBe(1);
    expect(decimalToMicros('12.5')).toBe(12_500_000);
    expect(decimalToMicros('999999999.999999')).toBe(999_999_999_999_999);
    expect(() => decimalToMicros('1e3')).toThrow();
  });
});
