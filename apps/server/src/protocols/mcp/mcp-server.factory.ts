import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { MetricsQuery } from '@confab/metrics';
import { UnansweredQuery } from '@confab/monitoring';
import { ConnectionDirectory, ConversationInbox, ConversationLookup, ConversationReplies, RateLimits, type AuthContext } from '@confab/plugin-sdk';

export const MCP_SERVER_NAME = 'confab';

/** Whether a caller may act in conversations (the same rule the REST routes apply with RequireScope('conversations')). */
export const mayAct = (auth: AuthContext) => auth.scopes.includes('admin') || auth.scopes.includes('conversations');

/**
 * Builds one MCP server per request, bound to the caller's tenant: the endpoint is stateless, so nothing about a
 * client outlives its request and any API process can answer any request.
 * The MCP SDK and zod (which the tools' schemas are written in) load with the first MCP request rather than at
 * start: most processes never answer one (a worker never does), and they cost several MB of heap (issues 9, 16).
 */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly metrics: MetricsQuery,
    private readonly unanswered: UnansweredQuery,
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    private readonly lookup: ConversationLookup,
    private readonly replies: ConversationReplies,
    private readonly limits: RateLimits,
  ) {}

  async create(auth: AuthContext): Promise<McpServer> {
    const [{ McpServer }, { registerReadTools }, { registerActionTools }] = await Promise.all([
      import('@modelcontextprotocol/sdk/server/mcp.js'),
      import('./mcp-read-tools'),
      import('./mcp-action-tools'),
    ]);
    const server = new McpServer(
      { name: MCP_SERVER_NAME, version: '1.0.0' },
      { instructions: 'Tools over the conversations of one Confab workspace: list, read and search conversations, metrics and unanswered messages; with an admin or conversations key also test assistants, reply as an agent, hand over and hand back.' },
    );
    const tenantId = auth.tenantId;
    registerReadTools(server, { tenantId, queries: this.queries, metrics: this.metrics, unanswered: this.unanswered });
    const actions = registerActionTools(server, {
      tenantId, commands: this.commands, queries: this.queries, directory: this.directory, inbox: this.inbox, lookup: this.lookup, replies: this.replies, limits: this.limits, operator: auth.operator,
    });
    // A read-only key neither sees these tools nor can call them: disabled tools are left out of tools/list and refused on call.
    if (!mayAct(auth)) for (const tool of actions) tool.disable();
    return server;
  }
}
