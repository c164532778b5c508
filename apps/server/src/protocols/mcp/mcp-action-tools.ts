import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetConversation, HandOverToHuman, ResumeAi, SendAgentMessage } from '@confab/conversations';
import { Conflict, NotFound, type ConnectionDirectory, type ConversationInbox, type ConversationLookup, type ConversationReplies, type OperatorRef, type RateLimits } from '@confab/plugin-sdk';
import { guarded, toolResult } from './mcp-results';

export interface ActionToolDeps {
  tenantId: string;
  commands: CommandBus;
  queries: QueryBus;
  directory: ConnectionDirectory;
  inbox: ConversationInbox;
  lookup: ConversationLookup;
  replies: ConversationReplies;
  limits: RateLimits;
  /** The signed-in operator when the caller is a dashboard session rather than a key. */
  operator?: OperatorRef;
}

const conversationId = z.uuid().describe('The conversation id');

/** Tools that act in conversations, like a colleague would: they need an admin key or one with the 'conversations' scope. */
export function registerActionTools(server: McpServer, deps: ActionToolDeps): RegisteredTool[] {
  const { tenantId, commands, queries } = deps;
  const ownerLine = async (id: string) => {
    const detail = await queries.execute(new GetConversation(tenantId, id));
    return { detail, line: `Conversation ${id} is ${detail.status} and answered by ${detail.owner === 'ai' ? 'the AI' : 'a human'}.` };
  };

  const sendTest = server.registerTool(
    'send_test_message',
    {
      title: 'Send a test message to an assistant',
      description: "Writes to an assistant as a pretend customer in a test chat (tagged test, left out of metrics) and waits for the assistant's reply. Pass conversationId to continue a test chat.",
      inputSchema: {
        assistantId: z.uuid().describe('The assistant to talk to'),
        text: z.string().min(1).max(4096).describe('What the pretend customer writes'),
        conversationId: conversationId.optional().describe('A test chat to continue; a new one is started without it'),
        timeoutMs: z.number().int().min(1000).max(60_000).optional().describe('How long to wait for the reply (default 30000)'),
      },
    },
    (args) =>
      guarded(async () => {
        let chatId = args.conversationId;
        let connection;
        if (chatId) {
          const found = await deps.lookup.find(tenantId, chatId);
          if (!found) throw new NotFound('conversation', chatId);
          if (found.channel !== 'test' || found.assistantId !== args.assistantId) {
            throw new Conflict('NOT_A_TEST_CHAT', `Conversation ${chatId} is not a test chat of assistant ${args.assistantId}; leave conversationId out to start one.`);
          }
          connection = await deps.directory.load(found.connectionId, { type: 'test', tenantId });
        } else {
          connection = await deps.directory.ensure(tenantId, 'test', args.assistantId);
          chatId = (await deps.inbox.start(connection, { customer: { identities: [{ kind: 'test', value: `test-${randomUUID()}` }], displayName: 'MCP test chat' }, tags: ['test'] })).conversationId;
        }
        // Test chats make real (paid) model calls, so they are limited like live messages.
        await deps.limits.admitInbound(connection, chatId);
        const accepted = await deps.inbox.accept(connection, { providerMessageId: randomUUID(), conversationId: chatId, customer: { identities: [] }, text: args.text, sentAt: new Date() });
        const outcome = await deps.replies.waitForReply(tenantId, chatId, accepted.messageId, args.timeoutMs ?? 30_000);
        const replies = outcome.replies.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
        const text = replies.length ? replies.map((r) => r.text).join('\n') : `No reply yet (${outcome.state}).`;
        return toolResult({ conversationId: chatId, messageId: accepted.messageId, status: outcome.state, replies }, `${text}\n\n(test chat ${chatId}, status ${outcome.state})`);
      }),
  );

  const reply = server.registerTool(
    'reply_as_agent',
    {
      title: 'Reply as an agent',
      description: 'Sends a message to the customer as a human agent. This pauses the AI on the conversation (a human took over) until hand_back.',
      inputSchema: {
        conversationId,
        text: z.string().min(1).max(4096).describe('The message to the customer'),
        agentName: z.string().min(1).max(120).optional().describe('The author name shown with the message'),
      },
    },
    (args) =>
      guarded(async () => {
        const { messageId } = await commands.execute(new SendAgentMessage(tenantId, args.conversationId, args.text, args.agentName, deps.operator));
        return toolResult({ conversationId: args.conversationId, messageId, status: 'queued' }, `Message ${messageId} is queued for sending; the AI is paused on conversation ${args.conversationId}.`);
      }),
  );

  const handOver = server.registerTool(
    'hand_over',
    {
      title: 'Hand over to a human',
      description: 'A human takes the conversation over: the AI stops answering until hand_back.',
      inputSchema: { conversationId, reason: z.string().min(1).max(500).optional().describe('Why (shown to colleagues)') },
      annotations: { idempotentHint: true },
    },
    (args) =>
      guarded(async () => {
        await commands.execute(new HandOverToHuman(tenantId, args.conversationId, args.reason ?? 'Taken over through MCP', 'agent', deps.operator));
        const { detail, line } = await ownerLine(args.conversationId);
        return toolResult({ id: detail.id, status: detail.status, owner: detail.owner, handoffReason: detail.handoffReason }, line);
      }),
  );

  const handBack = server.registerTool(
    'hand_back',
    {
      title: 'Hand back to the AI',
      description: 'The AI answers the conversation again.',
      inputSchema: { conversationId },
      annotations: { idempotentHint: true },
    },
    (args) =>
      guarded(async () => {
        await commands.execute(new ResumeAi(tenantId, args.conversationId, deps.operator));
        const { detail, line } = await ownerLine(args.conversationId);
        return toolResult({ id: detail.id, status: detail.status, owner: detail.owner, handoffReason: detail.handoffReason }, line);
      }),
  );

  return [sendTest, reply, handOver, handBack];
}
