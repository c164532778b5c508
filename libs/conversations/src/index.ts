export * from './entities/channel-connection.entity';
export * from './entities/customer.entity';
export * from './entities/conversation.entity';
export * from './entities/message.entity';
export * from './entities/tool-call.entity';
export * from './events/conversation.events';
export * from './conversations.options';
export * from './conversations.module';
export * from './connections/connection.service';
export * from './queues/queue-names';
export * from './queues/pending-work.sweeper';

import { ChannelConnection } from './entities/channel-connection.entity';
import { Customer, CustomerIdentityRecord } from './entities/customer.entity';
import { Conversation } from './entities/conversation.entity';
import { Message } from './entities/message.entity';
import { ToolCall } from './entities/tool-call.entity';
export const conversationsEntities = [ChannelConnection, Customer, CustomerIdentityRecord, Conversation, Message, ToolCall];
