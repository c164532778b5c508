import { localBucket } from './local-time';

describe('localBucket', () => {
  it('moves 23:30 UTC to the next day in Berlin, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(localBucket(new Date('2026-03-10T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-03-11', hour: 0 });
    expect(localBucket(new Date('2026-07-10T22:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-07-11', hour: 0 });
    expect(localBucket(new Date('2026-07-10T21:59:59Z'), 'Europe/Berlin')).toEqual({ day: '2026-07-10', hour: 23 });
  });

  it('puts the repeated hour of the autumn change into one bucket, and follows other zones', () => {
    // 2026-10-25: 02:00-03:00 happens twice in Berlin (00:30Z and 01:30Z).
    expect(localBucket(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(localBucket(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(localBucket(new Date('2026-03-10T23:30:00Z'), 'America/New_York')).toEqual({ day: '2026-03-10', hour: 19 });
    expect(localBucket(new Date('2026-03-10T23:30:00Z'), 'UTC')).toEqual({ day: '2026-03-10', hour: 23 });
  });
});
