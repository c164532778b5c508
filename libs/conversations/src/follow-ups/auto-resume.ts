import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Job, Queue } from 'bull';
import { Db } from '@confab/persistence';
import { Conversation } from '../entities/conversation.entity';
import { Message } from '../entities/message.entity';
import { ConversationHandedOver } from '../events/conversation.events';
import { ResumeAi } from '../commands/hand-over/hand-over.handlers';

export const AUTO_RESUME_QUEUE = 'auto-resume';

interface AutoResumeJob {
  tenantId: string;
  conversationId: string;
  handedOverAt: string;
  silenceMs: number;
}

/** A hand-over with a silence period arms a delayed check (one per hand-over). */
@Injectable()
@EventsHandler(ConversationHandedOver)
export class AutoResumeScheduler implements IEventHandler<ConversationHandedOver> {
  constructor(@InjectQueue(AUTO_RESUME_QUEUE) private readonly queue: Queue<AutoResumeJob>) {}

  async handle(event: ConversationHandedOver): Promise<void> {
    if (!event.resumeAfterMinutes || event.eventId === undefined) return;
    const silenceMs = event.resumeAfterMinutes * 60_000;
    await this.queue.add(
      { tenantId: event.tenantId, conversationId: event.conversationId, handedOverAt: new Date().toISOString(), silenceMs },
      { jobId: `auto-resume:${event.eventId}`, delay: silenceMs, removeOnComplete: true, removeOnFail: 1000, attempts: 3 },
    );
  }
}

/**
 * When the silence has passed: if a colleague wrote meanwhile, look again that long after their last message;
 * if the conversation was already given back (or handed over anew), do nothing; otherwise the AI resumes.
 */
@Processor(AUTO_RESUME_QUEUE)
export class AutoResumeProcessor {
  private readonly logger = new Logger('AutoResume');

  constructor(
    private readonly db: Db,
    private readonly commands: CommandBus,
    @InjectQueue(AUTO_RESUME_QUEUE) private readonly queue: Queue<AutoResumeJob>,
  ) {}

  @Process({ concurrency: 4 })
  async handle(job: Job<AutoResumeJob>): Promise<string> {
    const { tenantId, conversationId, silenceMs } = job.data;
    const em = this.db.forTenant(tenantId);
    const conversation = await em.findOne(Conversation, { id: conversationId });
    if (!conversation || conversation.owner !== 'human') return 'not handed over';
    const lastAgent = await em.findOne(Message, { conversationId, author: 'agent' }, { orderBy: { createdAt: 'desc' } });
    const quietSince = Math.max(lastAgent?.createdAt.getTime() ?? 0, conversation.handedOverAt?.getTime() ?? 0);
    const wait = quietSince + silenceMs - Date.now();
    // Any time left is waited out: resuming early would talk over a colleague who just wrote.
    if (wait > 0) {
      await this.queue.add({ ...job.data }, { jobId: `auto-resume:${conversationId}:${quietSince}:${Date.now()}`, delay: wait, removeOnComplete: true, removeOnFail: 1000 });
      return 'colleague active; checking again later';
    }
    await this.commands.execute(new ResumeAi(tenantId, conversationId));
    this.logger.log({ msg: 'AI resumed after colleague silence', conversationId });
    return 'resumed';
  }
}
