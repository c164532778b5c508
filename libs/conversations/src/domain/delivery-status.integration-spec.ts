import type { DeliveryStatus } from '@confab/plugin-sdk';
import { adminDatabaseUrl, queryDatabase } from '@confab/testing';
import { advancesDelivery, advancesDeliverySql } from './delivery-status';

const STATUSES: DeliveryStatus[] = ['pending', 'sent', 'delivered', 'read', 'failed'];

describe('advancesDeliverySql on PostgreSQL', () => {
  it('agrees with advancesDelivery for every current status (null included) and every report', async () => {
    const pairs = [null, ...STATUSES].flatMap((from) => STATUSES.map((next) => ({ from, next })));
    const answers = await queryDatabase<{ i: number; ok: boolean }>(
      adminDatabaseUrl(),
      `select i, ok from (values ${pairs.map(({ from, next }, i) => `(${i}, ${advancesDeliverySql(from === null ? 'null::text' : `'${from}'::text`, next)})`).join(', ')}) as t(i, ok) order by i`,
    );
    expect(answers.map((a) => a.ok)).toEqual(pairs.map(({ from, next }) => advancesDelivery(from, next)));
  });
});
