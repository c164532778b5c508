import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { outboundUrlProblem, SafeFetchError } from '@confab/net';
import { Conflict, NotFound, PluginRegistry, PluginStore, ValidationFailed, type RegisteredTool, type ToolContext, type ToolResult } from '@confab/plugin-sdk';
import { withMcpClient, type McpEndpoint } from './mcp-client';
import { SERVER_NAME, toDiscovered, type McpServerDefinition } from './mcp-server.definition';
import { toToolResult } from './mcp-tool-result';
import { MCP_TOOLS_OPTIONS, type McpToolsOptions } from './mcp-tool.options';

/** One document per server: its URL, header names and discovered tools (no secrets, so listing opens nothing). */
const NAMESPACE = 'mcp-servers';
/** One document per server with headers: the sealed header values, opened when the server is called. */
const SECRETS_NAMESPACE = 'mcp-server-secrets';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const RESERVED_HEADERS = new Set(['host', 'content-type', 'content-length', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'connection', 'transfer-encoding']);

export interface RegisterMcpServer {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

/** Why a call to an MCP server failed, in words for the model and the tool-call log (no header values). */
function reachFailure(err: unknown): string {
  if (err instanceof SafeFetchError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 300);
}

/**
 * Tenants' MCP servers as tools: registered with URL and secret headers, their tools discovered with tools/list
 * and offered to the registry under `<server>__<tool>`; each call opens a short MCP session through the SSRF-safe
 * client. A server that is down fails its own tool calls (as tool errors the model reads) and nothing else.
 */
@Injectable()
export class McpServersService implements OnModuleInit {
  private readonly logger = new Logger('McpTools');

  constructor(
    private readonly store: PluginStore,
    private readonly registry: PluginRegistry,
    @Inject(MCP_TOOLS_OPTIONS) private readonly options: McpToolsOptions,
  ) {}

  onModuleInit(): void {
    this.registry.addDynamicToolSource((tenantId) => this.tenantTools(tenantId), 'mcp-servers');
  }

  private get requestTimeoutMs() {
    return this.options.requestTimeoutMs ?? 10_000;
  }

  async tenantTools(tenantId: string): Promise<RegisteredTool[]> {
    const tools: RegisteredTool[] = [];
    for (const { data: server } of await this.store.list<McpServerDefinition>(tenantId, NAMESPACE)) {
      for (const tool of server.tools ?? []) {
        tools.push({
          options: { name: tool.name, risk: tool.readOnly ? 'read' : 'write', timeoutMs: this.options.callTimeoutMs ?? 20_000 },
          plugin: {
            description: tool.description,
            parameters: tool.inputSchema,
            execute: (args: Record<string, unknown>, ctx: ToolContext) => this.call(tenantId, server.name, tool.mcpName, args, ctx.signal),
          },
        });
      }
    }
    return tools;
  }

  async register(tenantId: string, input: RegisterMcpServer): Promise<McpServerDefinition> {
    if (!SERVER_NAME.test(input.name)) throw new ValidationFailed('name must be 1-30 lower-case letters, digits or _, starting with a letter (it prefixes the tool names)', 'name');
    const address = outboundUrlProblem(input.url, { allowedHosts: this.options.allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' });
    if (address) throw new ValidationFailed(`url ${address}`, 'url');
    const headers = this.checkHeaders(input.headers ?? {});
    if (await this.store.get(tenantId, NAMESPACE, input.name)) throw this.taken(input.name);
    const def = await this.discover(input.name, { url: input.url, headers });
    const builtIn = new Set((await this.registry.tools(tenantId)).map((t) => t.options.name));
    const clash = def.tools.find((t) => builtIn.has(t.name));
    if (clash) throw new Conflict('TOOL_NAME_TAKEN', `A tool named '${clash.name}' already exists; register the server under another name`, { field: 'name' });
    await this.store.transaction(tenantId, async (tx) => {
      if (!(await tx.insert(NAMESPACE, input.name, def))) throw this.taken(input.name);
      if (def.headerNames.length) await tx.put(SECRETS_NAMESPACE, input.name, { server: input.name }, headers);
    });
    return def;
  }

  /** Asks the server for its tools again (it added or changed some); its URL and headers stay. */
  async refresh(tenantId: string, name: string): Promise<McpServerDefinition> {
    const current = await this.get(tenantId, name);
    const def = await this.discover(name, await this.endpoint(tenantId, current));
    await this.store.put(tenantId, NAMESPACE, name, def);
    return def;
  }

  async list(tenantId: string): Promise<McpServerDefinition[]> {
    return (await this.store.list<McpServerDefinition>(tenantId, NAMESPACE)).map((d) => d.data);
  }

  async get(tenantId: string, name: string): Promise<McpServerDefinition> {
    const doc = await this.store.get<McpServerDefinition>(tenantId, NAMESPACE, name);
    if (!doc) throw new NotFound('MCP server', name);
    return doc.data;
  }

  async remove(tenantId: string, name: string): Promise<void> {
    const removed = await this.store.transaction(tenantId, async (tx) => {
      await tx.remove(SECRETS_NAMESPACE, name);
      return tx.remove(NAMESPACE, name);
    });
    if (!removed) throw new NotFound('MCP server', name);
  }

  private async call(tenantId: string, serverName: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolResult> {
    const doc = await this.store.get<McpServerDefinition>(tenantId, NAMESPACE, serverName);
    if (!doc) return { content: `The MCP server '${serverName}' was removed`, isError: true };
    try {
      const endpoint = await this.endpoint(tenantId, doc.data);
      const result = await withMcpClient(endpoint, { allowedHosts: this.options.allowedHosts, requestTimeoutMs: this.requestTimeoutMs, signal }, (client) =>
        client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: this.requestTimeoutMs }),
      );
      return toToolResult(result as Parameters<typeof toToolResult>[0]);
    } catch (err) {
      const reason = reachFailure(err);
      this.logger.warn({ msg: 'MCP tool call failed', tenantId, server: serverName, tool, reason });
      return { content: `The MCP server '${serverName}' could not run ${tool}: ${reason}`, isError: true };
    }
  }

  private async discover(name: string, endpoint: McpEndpoint): Promise<McpServerDefinition> {
    let listed;
    try {
      listed = await withMcpClient(endpoint, { allowedHosts: this.options.allowedHosts, requestTimeoutMs: this.requestTimeoutMs }, async (client) => {
        const tools = [];
        let cursor: string | undefined;
        // Pages until the server says there are no more (bounded, so a server that always sends a cursor cannot loop us).
        for (let page = 0; page < 20; page++) {
          const result = await client.listTools(cursor ? { cursor } : undefined);
          tools.push(...result.tools);
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        return tools;
      });
    } catch (err) {
      throw new ValidationFailed(`The MCP server at url could not be reached or did not answer as an MCP server: ${reachFailure(err)}`, 'url');
    }
    return { name, url: endpoint.url, headerNames: Object.keys(endpoint.headers), ...toDiscovered(name, listed as never), discoveredAt: new Date().toISOString() };
  }

  private async endpoint(tenantId: string, def: McpServerDefinition): Promise<McpEndpoint> {
    if (!def.headerNames.length) return { url: def.url, headers: {} };
    const secrets = await this.store.get(tenantId, SECRETS_NAMESPACE, def.name);
    const missing = def.headerNames.filter((h) => typeof secrets?.secrets[h] !== 'string');
    if (missing.length) throw new Error(`its secret headers (${missing.join(', ')}) cannot be opened; register the server again`);
    return { url: def.url, headers: Object.fromEntries(def.headerNames.map((h) => [h, secrets!.secrets[h]])) };
  }

  private checkHeaders(headers: Record<string, unknown>): Record<string, string> {
    const entries = Object.entries(headers);
    if (entries.length > 20) throw new ValidationFailed('headers may name at most 20 headers', 'headers');
    for (const [name, value] of entries) {
      if (!HEADER_NAME.test(name)) throw new ValidationFailed(`headers: '${name}' is not a valid header name`, `headers.${name}`);
      if (RESERVED_HEADERS.has(name.toLowerCase())) throw new ValidationFailed(`headers: ${name} is set by the MCP client itself`, `headers.${name}`);
      if (typeof value !== 'string' || value.length > 4096 || /[\r\n\0]/.test(value)) throw new ValidationFailed(`headers.${name} must be a single-line string of at most 4096 characters`, `headers.${name}`);
    }
    return headers as Record<string, string>;
  }

  private taken(name: string) {
    return new Conflict('MCP_SERVER_NAME_TAKEN', `An MCP server named '${name}' is already registered; choose another name or delete it first`, { field: 'name' });
  }
}
