import { BUILT_IN_MODEL_PRICES } from './model-prices';
import { PriceBook } from './price-book';

describe('PriceBook', () => {
  const book = new PriceBook(BUILT_IN_MODEL_PRICES);
  const at = new Date('2026-11-25T00:00:00Z');

  it('bills uncached, cached and completion tokens at their own rates in integer micro-dollars', () => {
    // gpt-4o-mini: 0.15 in, 0.075 cached, 0.60 out per 1M tokens.
    const priced = book.price('gpt-4o-mini', { promptTokens: 1_000_000, cachedTokens: 400_000, completionTokens: 100_000 }, at);
    expect(priced.costMicros).toBe(90_000 + 30_000 + 60_000);
    expect(Number.isInteger(priced.costMicros)).toBe(true);
    expect(priced.priceRef).toBe('gpt-4o-mini@2024-07-18');
  });

  it('matches dated model snapshots to the longest prefix, not a shorter family name', () => {
    expect(book.find('gpt-4o-mini-2024-07-18', at)?.model).toBe('gpt-4o-mini');
    expect(book.find('gpt-4o-2024-08-06', at)?.model).toBe('gpt-4o');
    expect(book.find('gpt-4omni', at)).toBeUndefined();
    expect(book.find('gpt-4o-minimal', at)?.model).toBe('gpt-4o');
  });

  it('uses the row in force at the time of use', () => {
    const dated = new PriceBook([
      ...BUILT_IN_MODEL_PRICES,
      { model: 'gpt-4o-mini', effectiveFrom: '2027-01-01', currency: 'USD', inputPerMTok: 1, outputPerMTok: 1 },
    ]);
    const usage = { promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 0 };
    expect(dated.price('gpt-4o-mini', usage, at).costMicros).toBe(150_000);
    expect(dated.price('gpt-4o-mini', usage, new Date('2027-02-01Z')).costMicros).toBe(1_000_000);
  });

  it('rounds tiny costs half up and prices unknown models at zero with no reference', () => {
    expect(book.price('gpt-4o-mini', { promptTokens: 10, cachedTokens: 0, completionTokens: 0 }, at).costMicros).toBe(2);
    expect(book.price('llama3', { promptTokens: 10, cachedTokens: 0, completionTokens: 10 }, at)).toEqual({ costMicros: 0, currency: 'USD', priceRef: null });
  });
});
