import { Client } from 'pg';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '@confab/testing';
import { ChunkPool, copyOut } from './copy-out';

/** COPY's own CSV writer, streamed in chunks: what every export file is made of. */
describe('copyOut against PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('confab_copy');
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const collect = async (sql: string, options: Parameters<typeof copyOut>[2], onRows?: (n: number) => void) => {
    const chunks: Buffer[] = [];
    for await (const chunk of copyOut(client, sql, options, onRows)) chunks.push(chunk);
    return { chunks, text: Buffer.concat(chunks).toString('utf8') };
  };

  it('writes RFC 4180 CSV with CRLF row ends, the header and a byte-order mark, counting data rows only', async () => {
    const counts: number[] = [];
    const sql = `copy (select * from (values (1, 'plain'), (2, 'a "quoted", comma'), (3, E'two\\nlines'), (4, 'Grüße')) as t(n, text) order by n)
      to stdout with (format csv, header true, delimiter ';')`;
    const { text } = await collect(sql, { lineEnd: '\r\n', header: true, prefix: '\ufeff' }, (n) => counts.push(n));
    expect(text.startsWith('\ufeffn;text\r\n')).toBe(true);
    // A line break inside a quoted cell stays as PostgreSQL wrote it; only row ends become CRLF.
    expect(text).toContain('"two\nlines"\r\n');
    expect(parse(text.slice(1), { delimiter: ';', columns: true })).toEqual([
      { n: '1', text: 'plain' },
      { n: '2', text: 'a "quoted", comma' },
      { n: '3', text: 'two\nlines' },
      { n: '4', text: 'Grüße' },
    ]);
    expect(counts.at(-1)).toBe(4);
  });

  it('streams a large result in several chunks and ends with every row', async () => {
    const sql = `copy (select g, repeat('x', 200) from generate_series(1, 20000) g) to stdout with (format csv)`;
    const { chunks, text } = await collect(sql, { lineEnd: '\n', header: false, prefix: '' });
    expect(chunks.length).toBeGreaterThan(1);
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(20000);
    expect(lines[19999]).toBe(`20000,${'x'.repeat(200)}`);
  });

  it('cycles through a few buffers when the consumer gives each chunk back, without mixing up bytes', async () => {
    const pool = new ChunkPool();
    const sql = `copy (select g, repeat(chr(65 + g % 26), 200) from generate_series(1, 20000) g) to stdout with (format csv)`;
    const copies: Buffer[] = [];
    const memories = new Set<ArrayBufferLike>();
    for await (const chunk of copyOut(client, sql, { lineEnd: '\n', header: false, prefix: '', pool })) {
      memories.add(chunk.buffer);
      copies.push(Buffer.from(chunk));
      // As the HTTP response does once the socket has written it.
      pool.give(chunk);
    }
    expect(copies.length).toBeGreaterThan(10);
    expect(memories.size).toBeLessThan(copies.length);
    const lines = Buffer.concat(copies).toString('utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(20000);
    lines.forEach((line, i) => expect(line).toBe(`${i + 1},${String.fromCharCode(65 + ((i + 1) % 26)).repeat(200)}`));
  });

  it('surfaces a failing statement as an error instead of an empty file', async () => {
    await expect(collect(`copy (select 1 / 0) to stdout with (format csv)`, { lineEnd: '\n', header: false, prefix: '' })).rejects.toThrow(/division by zero/);
    // The connection is usable afterwards (the error ended the COPY cleanly).
    expect((await client.query('select 1 as one')).rows[0].one).toBe(1);
  });
});
