import { MAX_SEND_RETRY_AFTER_MS } from '@confab/plugin-sdk';
import { RetryableSendError, sendBackoffStrategy, sendRetryDelayMs } from './send-backoff';

describe('send backoff', () => {
  it('is Bull exponential backoff without a retry-after', () => {
    expect([1, 2, 3].map((n) => sendRetryDelayMs(n, 1000))).toEqual([1000, 3000, 7000]);
  });

  it('waits the provider retry-after when it is longer, and the backoff when that is longer', () => {
    expect(sendRetryDelayMs(1, 30, 2000)).toBe(2000);
    expect(sendRetryDelayMs(3, 1000, 2000)).toBe(7000);
  });

  it('caps the provider wait and ignores nonsense', () => {
    expect(sendRetryDelayMs(1, 30, 7 * 24 * 3_600_000)).toBe(MAX_SEND_RETRY_AFTER_MS);
    expect(sendRetryDelayMs(1, 30, -5)).toBe(30);
    expect(sendRetryDelayMs(1, 30, Number.NaN)).toBe(30);
  });

  it('as a Bull strategy: the attempt decided the delay, else exponential from the job options', () => {
    expect(sendBackoffStrategy(1, new RetryableSendError('throttled', 4000), { delay: 30 })).toBe(4000);
    expect(sendBackoffStrategy(2, new Error('handler crashed'), { delay: 30 })).toBe(90);
  });
});
