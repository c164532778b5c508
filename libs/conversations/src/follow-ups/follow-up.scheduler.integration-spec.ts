import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { getQueueToken } from '@nestjs/bull';
import { appendEvents, Db, migrateDatabase, PersistenceModule, SecretBox } from '@confab/persistence';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { TaskCreated } from '../events/conversation.events';
import { FOLLOW_UP_QUEUE, FollowUpScheduler, type FollowUpJob } from './follow-up.scheduler';

/** A Bull queue stand-in whose Redis is down for the first `outage` adds. */
function flakyQueue(outage: number) {
  const added: Array<{ data: FollowUpJob; jobId?: string; delay?: number }> = [];
  let calls = 0;
  return {
    added,
    add: async (data: FollowUpJob, opts: { jobId?: string; delay?: number }) => {
      calls += 1;
      if (calls <= outage) throw new Error('Connection is closed.');
      added.push({ data, jobId: opts.jobId, delay: opts.delay });
      return { id: opts.jobId };
    },
  };
}

describe('follow-up scheduling with the relay', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
  });
  afterAll(() => db?.drop());

  it('adds the delayed job even when the first add fails: the failure is thrown and the relay retries', async () => {
    const queue = flakyQueue(1);
    const retries = jest.spyOn(Logger.prototype, 'warn');
    const ref = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({ databaseUrl: db.url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 20, enabled: true, retryBaseMs: 20 } }),
      ],
      providers: [FollowUpScheduler, { provide: getQueueToken(FOLLOW_UP_QUEUE), useValue: queue }],
    }).compile();
    await ref.init();
    const tenantId = randomUUID();
    const conversationId = randomUUID();
    const taskId = randomUUID();
    const dueAt = new Date(Date.now() + 60_000).toISOString();
    await ref.get(Db).transaction(tenantId, async (em) =>
      appendEvents(em, new TaskCreated(tenantId, conversationId, taskId, 'follow_up', 'Check back', { message: 'Did it arrive?' }, dueAt)),
    );
    await eventually(() => expect(queue.added).toEqual([{ data: { tenantId, taskId }, jobId: `follow-up:${taskId}`, delay: expect.any(Number) }]));
    expect(queue.added[0].delay).toBeGreaterThan(50_000);
    // Delivered on the second attempt: the event stays in the log, its outbox row is gone.
    await eventually(async () => {
      const rows = await queryDatabase<{ queued: boolean }>(
        db.url,
        'select o.event_id is not null as queued from domain_events e left join outbox o on o.event_id = e.id where e.aggregate_id = $1',
        [conversationId],
      );
      expect(rows).toEqual([{ queued: false }]);
    });
    expect(retries.mock.calls.map(([w]) => w as { msg?: string }).filter((w) => w.msg?.includes('retrying'))).toEqual([expect.objectContaining({ attempt: 1, error: expect.stringContaining('FollowUpScheduler: Connection is closed.') })]);
    retries.mockRestore();
    await ref.close();
  });
});
