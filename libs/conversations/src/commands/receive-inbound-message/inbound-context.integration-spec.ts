import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateDatabase, numberedPlaceholders } from '@confab/persistence';
import { createTestDatabase, type TestDatabase } from '@confab/testing';
import type { Connection, InboundMessage } from '@confab/plugin-sdk';
import { findInboundContext } from './inbound-context';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/**
 * The lookup runs for every inbound message, so its cost must not grow with the tenant's customers. The database
 * port here is the real one's contract (`query`), answered by PostgreSQL, which also explains each statement.
 */
describe('findInboundContext on PostgreSQL', () => {
  const CUSTOMERS = 3000;
  let db: TestDatabase;
  let pool: Pool;
  const tenantId = randomUUID();
  const connection = { id: randomUUID(), tenantId, type: 'whatsapp' } as Connection<any>;

  beforeAll(async () => {
    db = await createTestDatabase('confab_inbound_ctx');
    await migrateDatabase(db.url, []);
    pool = new Pool({ connectionString: db.url, max: 1 });
    await pool.query(`insert into tenants (id, name) values ($1, 'Busy')`, [tenantId]);
    await pool.query(
      `with c as (insert into customers (id, tenant_id) select gen_random_uuid(), $1 from generate_series(1, $2) returning id)
       insert into customer_identities (id, tenant_id, customer_id, kind, value)
       select gen_random_uuid(), $1, c.id, 'whatsapp', (4915100000000 + row_number() over ())::text from c`,
      [tenantId, CUSTOMERS],
    );
    // As autovacuum leaves a running installation's tables.
    await pool.query('analyze');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("finds a known customer with one index probe per identity, whatever the tenant's number of customers", async () => {
    const plans: PlanNode[] = [];
    const port = {
      query: async <R>(sql: string, params: readonly unknown[] = []): Promise<R[]> => {
        const text = numberedPlaceholders(sql);
        const [{ 'QUERY PLAN': [explained] }] = (await pool.query(`explain (analyze, format json) ${text}`, params as unknown[])).rows;
        plans.push(explained.Plan);
        return (await pool.query(text, params as unknown[])).rows as R[];
      },
    };
    const message = {
      customer: { identities: [{ kind: 'whatsapp', value: '4915100001234' }] },
      providerMessageId: 'wamid.lookup',
    } as InboundMessage;

    const found = await findInboundContext(port, connection, message);

    expect(found.known).toEqual([{ kind: 'whatsapp', value: '4915100001234' }]);
    expect(found.customer?.id).toEqual(expect.any(String));
    expect(found).toMatchObject({ duplicate: null, conversation: null });
    const identityScans = nodes(plans[0]).filter((n) => n['Relation Name'] === 'customer_identities');
    expect(identityScans.map((n) => n['Node Type'])).toEqual(['Index Scan']);
    // One row read for one identity: a hash join read all of the tenant's identities.
    expect(identityScans[0]['Actual Rows']! * identityScans[0]['Actual Loops']!).toBe(1);
  });
});
