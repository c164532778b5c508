import { retryAfterFromHeader } from './retry-after';

describe('retryAfterFromHeader', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterFromHeader('7', now)).toBe(7000);
    expect(retryAfterFromHeader(' 0 ', now)).toBe(0);
    expect(retryAfterFromHeader('Sun, 06 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterFromHeader(['2', '9'], now)).toBe(2000);
  });

  it('ignores what it cannot read and dates already past', () => {
    for (const v of [undefined, null, '', 'soon', '-3', '1.5', '2026-12-06T12:00:30Z', 'Sun, 06 Dec 2026 11:00:00 GMT']) {
      expect(retryAfterFromHeader(v, now)).toBeUndefined();
    }
  });
});
