import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { ConnectionDirectory, ConversationInbox, ConversationLookup, ConversationOutbox, ConversationReplies, PlatformEvents } from '@confab/plugin-sdk';
import { PlatformEventsAdapter } from './ports/platform-events.adapter';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions, workerLeaseMs } from './conversations.options';
import { ConnectionService } from './connections/connection.service';
import { ChannelsController } from './connections/channels.controller';
import { ChannelTypesController } from './connections/channel-types.controller';
import { ConversationsController } from './http/conversations.controller';
import { TasksController } from './tasks/tasks.controller';
import { ToolStatsController } from './http/tool-stats.controller';
import { FOLLOW_UP_QUEUE, FollowUpScheduler } from './follow-ups/follow-up.scheduler';
import { FollowUpProcessor } from './follow-ups/follow-up.processor';
import { AUTO_RESUME_QUEUE, AutoResumeProcessor, AutoResumeScheduler } from './follow-ups/auto-resume';
import { ReceiveInboundMessageHandler } from './commands/receive-inbound-message/receive-inbound-message.handler';
import { GenerateReplyHandler } from './commands/generate-reply/generate-reply.handler';
import { SendOutboundMessageHandler } from './commands/send-outbound-message/send-outbound-message.handler';
import { DeliverOutboundMessageHandler } from './commands/send-outbound-message/deliver-outbound-message.handler';
import { RecordDeliveryStatusHandler, RecordDeliveryStatusesHandler } from './commands/record-delivery-status/record-delivery-status.handler';
import { CloseConversationHandler, HandOverToHumanHandler, ResumeAiHandler } from './commands/hand-over/hand-over.handlers';
import { SendAgentMessageHandler } from './commands/send-agent-message/send-agent-message.handler';
import { RetryDeliveryHandler, RetryReplyHandler } from './commands/retry/retry.handlers';
import { StartConversationHandler } from './commands/start-conversation/start-conversation.handler';
import { RecordAgentEchoHandler } from './commands/provider-events/record-agent-echo.handler';
import { RecordMessageEditHandler, RecordMessageRevokeHandler, RecordReactionHandler } from './commands/provider-events/record-message-changes.handlers';
import { SendTemplateMessageHandler } from './commands/send-template/send-template.handler';
import { ConversationOutboxAdapter } from './ports/conversation-outbox.adapter';
import { ListConversationsHandler } from './queries/list-conversations/list-conversations.handler';
import { GetConversationHandler } from './queries/get-conversation/get-conversation.handler';
import { ConversationLifecycleSaga, ScheduleReplyHandler } from './sagas/conversation-lifecycle.saga';
import { JobScheduler } from './queues/reply-scheduler';
import { AiReplyProcessor } from './queues/ai-reply.processor';
import { OutboundSendProcessor } from './queues/outbound-send.processor';
import { ReplySender } from './queues/reply-sender';
import { SEND_BACKOFF, sendBackoffStrategy } from './queues/send-backoff';
import { PendingWorkSweeper } from './queues/pending-work.sweeper';
import { WorkerDrain } from './queues/worker-drain';
import { AI_REPLY_QUEUE, OUTBOUND_SEND_QUEUE } from './queues/queue-names';
import { ConversationInboxAdapter } from './ports/conversation-inbox.adapter';
import { ConversationRepliesAdapter } from './ports/conversation-replies.adapter';
import { ConnectionDirectoryAdapter } from './ports/connection-directory.adapter';
import { ConversationLookupAdapter } from './ports/conversation-lookup.adapter';
import { BudgetGuard } from './budgets/budget-guard';
import { BudgetService } from './budgets/budget.service';
import { BudgetsController } from './budgets/budgets.controller';
import { CustomersController } from './customers/customers.controller';
import { CustomerService } from './customers/customer.service';
import { LiveLifecycleProjector } from './live/live-lifecycle.projector';
import { LiveController } from './live/live.controller';

const handlers = [
  ReceiveInboundMessageHandler,
  StartConversationHandler,
  GenerateReplyHandler,
  SendOutboundMessageHandler,
  DeliverOutboundMessageHandler,
  RecordDeliveryStatusHandler,
  RecordDeliveryStatusesHandler,
  HandOverToHumanHandler,
  ResumeAiHandler,
  CloseConversationHandler,
  SendAgentMessageHandler,
  RetryReplyHandler,
  RetryDeliveryHandler,
  ScheduleReplyHandler,
  RecordAgentEchoHandler,
  RecordMessageEditHandler,
  RecordMessageRevokeHandler,
  RecordReactionHandler,
  SendTemplateMessageHandler,
  ListConversationsHandler,
  GetConversationHandler,
];

/** The conversation lifecycle. Global so channel plugins can inject the SDK ports it binds. */
@Global()
@Module({})
export class ConversationsModule {
  static forRoot(options: ConversationsOptions): DynamicModule {
    // A job's lock lives as long as its worker's heartbeat (renewed every half lease); other workers look for stalled
    // jobs several times per lease, so a killed worker's replies and sends run again within seconds, not minutes.
    const leaseMs = workerLeaseMs(options);
    const settings = { lockDuration: leaseMs, stalledInterval: Math.max(1000, Math.round(leaseMs / 3)), maxStalledCount: 2 };
    const queues = BullModule.registerQueue(
      { name: AI_REPLY_QUEUE, settings },
      // No queue-wide limiter: each channel's own rate delays its send jobs when they are added (JobScheduler).
      { name: OUTBOUND_SEND_QUEUE, settings: { ...settings, backoffStrategies: { [SEND_BACKOFF]: sendBackoffStrategy } } },
      { name: FOLLOW_UP_QUEUE },
      { name: AUTO_RESUME_QUEUE },
    );
    return {
      module: ConversationsModule,
      imports: [queues],
      controllers: [ToolStatsController, ConversationsController, LiveController, ChannelsController, ChannelTypesController, TasksController, BudgetsController, CustomersController],
      providers: [
        { provide: CONVERSATIONS_OPTIONS, useValue: options },
        ...handlers,
        ConversationLifecycleSaga,
        LiveLifecycleProjector,
        FollowUpScheduler,
        AutoResumeScheduler,
        JobScheduler,
        ConnectionService,
        BudgetGuard,
        BudgetService,
        CustomerService,
        ...(options.worker ? [AiReplyProcessor, ReplySender, OutboundSendProcessor, PendingWorkSweeper, FollowUpProcessor, AutoResumeProcessor, WorkerDrain] : []),
        { provide: ConversationInbox, useClass: ConversationInboxAdapter },
        { provide: ConversationReplies, useClass: ConversationRepliesAdapter },
        { provide: ConnectionDirectory, useClass: ConnectionDirectoryAdapter },
        { provide: ConversationLookup, useClass: ConversationLookupAdapter },
        { provide: ConversationOutbox, useClass: ConversationOutboxAdapter },
        { provide: PlatformEvents, useClass: PlatformEventsAdapter },
      ],
      exports: [queues, PlatformEvents, ConversationOutbox, ConversationInbox, ConversationReplies, ConnectionDirectory, ConversationLookup, ConnectionService, JobScheduler],
    };
  }
}
