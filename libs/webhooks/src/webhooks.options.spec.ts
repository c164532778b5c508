import { DEFAULT_WEBHOOK_RETRY } from './webhooks.options';

describe('default webhook retry schedule', () => {
  it('keeps trying for more than a day (Bull exponential backoff: delay * 2^(n-1) before retry n)', () => {
    const { attempts, backoffMs } = DEFAULT_WEBHOOK_RETRY;
    let waited = 0;
    for (let retry = 1; retry < attempts; retry++) waited += backoffMs * 2 ** (retry - 1);
    expect(waited).toBeGreaterThan(24 * 3600 * 1000);
    // ...but gives up within a few days, so a dead endpoint does not pile up work for ever.
    expect(waited).toBeLessThan(4 * 24 * 3600 * 1000);
  });
});
