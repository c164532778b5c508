import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Command, CommandHandler, ofType, Saga, UnhandledExceptionBus, type ICommand, type ICommandHandler, type IEvent } from '@nestjs/cqrs';
import { filter, map, type Observable, type Subscription } from 'rxjs';
import { AgentMessageSent, AssistantReplied, CustomerMessageReceived, TemplateMessageQueued } from '../events/conversation.events';
import { SendOutboundMessage } from '../commands/send-outbound-message/send-outbound-message.command';
import { JobScheduler } from '../queues/reply-scheduler';

export class ScheduleReply extends Command<void> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly assistantId: string | null = null,
  ) {
    super();
  }
}

@CommandHandler(ScheduleReply)
export class ScheduleReplyHandler implements ICommandHandler<ScheduleReply> {
  constructor(private readonly scheduler: JobScheduler) {}

  async execute({ tenantId, conversationId, messageId, assistantId }: ScheduleReply): Promise<void> {
    // The pipeline trace's 'queued' stage, taken before the add so a worker that starts at once never precedes it.
    await this.scheduler.scheduleCustomerReply({ tenantId, conversationId }, messageId, new Date(), assistantId);
  }
}

/**
 * The lifecycle's reactions, kept thin: each event becomes one command that enqueues a Bull job with a
 * deterministic id, so replaying an event is harmless.
 */
@Injectable()
export class ConversationLifecycleSaga implements OnModuleDestroy {
  private readonly logger = new Logger('ConversationLifecycleSaga');
  private readonly failures: Subscription;

  constructor(unhandled: UnhandledExceptionBus) {
    this.failures = unhandled.subscribe(({ cause, exception }) =>
      this.logger.error({ msg: 'A lifecycle reaction failed', cause: (cause as object)?.constructor?.name, error: (exception as Error)?.message }),
    );
  }

  onModuleDestroy(): void {
    this.failures.unsubscribe();
  }

  /** A customer wrote and the AI owns the conversation: schedule a reply (at once, or at the end of a burst). */
  @Saga()
  replyWhenCustomerWrites = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(CustomerMessageReceived),
      filter((e) => e.wantsReply && !e.scheduledOnReceipt),
      map((e) => new ScheduleReply(e.tenantId, e.conversationId, e.messageId, e.assistantId ?? null)),
    );

  @Saga()
  sendWhenAssistantReplies = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(AssistantReplied),
      // The reply job sends its own replies (reply-sender.ts); older events and other callers' replies are queued here.
      filter((e) => !e.sentByReplyJob),
      map((e) => new SendOutboundMessage(e.tenantId, e.messageId, e.connectionId ?? undefined, e.conversationId)),
    );

  /** Agent replies and business-initiated templates go out the same way as AI replies. */
  @Saga()
  sendWhenBusinessWrites = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(AgentMessageSent, TemplateMessageQueued),
      map((e) => new SendOutboundMessage(e.tenantId, e.messageId, undefined, e.conversationId)),
    );
}
