import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { QueryBus } from '@nestjs/cqrs';
import { GetConversation, ListConversations, type ConversationDetailView, type ConversationListView } from '@confab/conversations';
import type { MetricsQuery } from '@confab/metrics';
import { UNANSWERED_REASONS, type UnansweredQuery } from '@confab/monitoring';
import { guarded, toolResult, when } from './mcp-results';

export interface ReadToolDeps {
  tenantId: string;
  queries: QueryBus;
  metrics: MetricsQuery;
  unanswered: UnansweredQuery;
}

const isoInstant = (what: string) => z.iso.datetime({ offset: true, message: `${what} must be an ISO 8601 instant such as 2026-12-01T00:00:00Z` });
const day = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date as YYYY-MM-DD`);
const limit = z.number().int().min(1).max(200).optional().describe('Page size (default 20, at most 200)');
const cursor = z.string().min(1).max(500).optional().describe('nextCursor from the previous page');

const conversationFilter = {
  channel: z.string().min(1).max(40).optional().describe('Channel type: whatsapp, web_widget, api, test, ...'),
  assistantId: z.uuid().optional(),
  status: z.enum(['open', 'closed']).optional(),
  owner: z.enum(['ai', 'human']).optional().describe('Who answers: the AI or a human who took over'),
  customer: z.string().min(1).max(200).optional().describe('Exact customer identifier (phone number, external id, visitor id)'),
  tag: z.string().min(1).max(60).optional(),
  unanswered: z.boolean().optional().describe('Only conversations with a customer message that got no AI reply'),
  handedOver: z.boolean().optional().describe('Only conversations that were (true) or were never (false) handed to a human'),
  from: isoInstant('from').optional().describe('Started at or after this instant'),
  to: isoInstant('to').optional().describe('Started before this instant'),
  includeTest: z.boolean().optional().describe('false leaves test chats out'),
};

type FilterArgs = { [K in keyof typeof conversationFilter]?: z.infer<(typeof conversationFilter)[K]> };

function filterOf(args: FilterArgs) {
  const { from, to, ...rest } = args;
  return { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
}

function listText(list: ConversationListView, empty: string): string {
  if (list.items.length === 0) return empty;
  const lines = list.items.map((c) => {
    const who = c.customer.name ?? c.customer.identifier ?? c.customer.id;
    const match = c.match ? `\n    match: ${c.match.snippet}` : '';
    return `- ${c.id} · ${c.channel} · ${who} · ${c.status}/${c.owner} · ${c.messageCount} messages · last ${when(c.lastMessageAt)} · cost ${c.totalCost.amount} ${c.totalCost.currency}${match}`;
  });
  return `${list.items.length} conversation(s):\n${lines.join('\n')}${list.nextCursor ? `\nMore: pass cursor "${list.nextCursor}"` : ''}`;
}

function timelineText(c: ConversationDetailView): string {
  const who = c.customer.name ?? c.customer.identifier ?? c.customer.id;
  const head = `Conversation ${c.id} on ${c.channel} with ${who} (${c.status}, answered by ${c.owner === 'ai' ? 'the AI' : 'a human'}), cost ${c.totalCost.amount} ${c.totalCost.currency}`;
  const lines = c.messages.map((m) => {
    const author = m.author === 'agent' && m.agent ? `agent ${m.agent.name}` : m.author;
    const state = m.replyState && m.replyState !== 'answered' ? ` [reply ${m.replyState}${m.replyError ? `: ${m.replyError}` : ''}]` : '';
    return `[${when(m.createdAt)}] ${author}: ${m.text ?? '(no text)'}${state}`;
  });
  return `${head}\n${lines.join('\n')}`;
}

/** Tools that only read: every key of the tenant (read scope and up) gets these. */
export function registerReadTools(server: McpServer, deps: ReadToolDeps): void {
  const { tenantId, queries } = deps;

  server.registerTool(
    'list_conversations',
    {
      title: 'List conversations',
      description: 'Lists the conversations of this workspace, newest activity first, filtered by channel, assistant, status, owner, customer, tag, unanswered messages, hand-over or start time.',
      inputSchema: { ...conversationFilter, limit, cursor },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const { limit: size, cursor: after, ...filter } = args;
        const list = await queries.execute(new ListConversations(tenantId, filterOf(filter), size ?? 20, after));
        return toolResult({ ...list }, listText(list, 'No conversations match.'));
      }),
  );

  server.registerTool(
    'get_conversation',
    {
      title: 'Get a conversation',
      description: 'One conversation with its customer, owner, costs and the timeline of every message (customer, assistant, agents, system).',
      inputSchema: { id: z.uuid().describe('The conversation id') },
      annotations: { readOnlyHint: true },
    },
    ({ id }) =>
      guarded(async () => {
        const detail = await queries.execute(new GetConversation(tenantId, id));
        return toolResult({ ...detail }, timelineText(detail));
      }),
  );

  server.registerTool(
    'search_messages',
    {
      title: 'Search messages',
      description: 'Full-text search over message text (German and English, stemmed): "quoted phrase", -excluded, or. Returns the matching conversations, best match first, each with the snippet that matched.',
      inputSchema: { q: z.string().min(1).max(200).regex(/\S/, 'q must contain a word to search for').describe('What to search for'), ...conversationFilter, limit, cursor },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const { limit: size, cursor: after, ...filter } = args;
        const list = await queries.execute(new ListConversations(tenantId, filterOf(filter), size ?? 20, after));
        return toolResult({ ...list }, listText(list, `No message matches "${args.q}".`));
      }),
  );

  server.registerTool(
    'get_metrics',
    {
      title: 'Get metrics',
      description: "Figures over a range of days in the workspace's timezone: chats, messages, response times, hand-overs, unanswered messages, failed deliveries and costs, optionally grouped by assistant, channel or day.",
      inputSchema: {
        from: day('from').optional().describe('First day, inclusive (default 29 days before to)'),
        to: day('to').optional().describe('Last day, inclusive (default today)'),
        assistantId: z.uuid().optional(),
        channel: z.string().min(1).max(40).optional(),
        groupBy: z.enum(['assistant', 'channel', 'day']).optional(),
        includeTest: z.boolean().optional().describe('Count test chats too'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const view = await deps.metrics.run(tenantId, { ...args, interval: 'day' });
        const t = view.totals as unknown as Record<string, unknown>;
        const figures = Object.entries(t)
          .filter(([, v]) => typeof v === 'number')
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ');
        return toolResult({ ...view }, `Metrics ${view.from} to ${view.to}: ${figures}`);
      }),
  );

  server.registerTool(
    'list_unanswered',
    {
      title: 'List unanswered messages',
      description: 'Customer messages that got no AI reply, newest first, with the reason (failed reply, failed delivery, handed over, ...) and whether a retry can still answer them.',
      inputSchema: {
        reason: z.enum(UNANSWERED_REASONS).optional().describe('Only this reason'),
        assistantId: z.uuid().optional(),
        channel: z.string().min(1).max(40).optional(),
        from: isoInstant('from').optional(),
        to: isoInstant('to').optional(),
        limit,
        cursor,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const { from, to, reason, ...rest } = args;
        const list = await deps.unanswered.list(tenantId, { ...rest, reason, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, limit: args.limit ?? 20 });
        const lines = list.items.map((i) => `- ${i.messageId} in ${i.conversationId} · ${i.channel} · ${i.reason}${i.retryable ? ' (retryable)' : ''} · ${when(i.createdAt)}: ${i.excerpt ?? ''}`);
        return toolResult({ ...list }, list.items.length ? `${list.items.length} unanswered message(s):\n${lines.join('\n')}` : 'No unanswered messages.');
      }),
  );
}
