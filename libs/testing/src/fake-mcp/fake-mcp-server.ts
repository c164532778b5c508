import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface FakeMcpCall {
  tool: string;
  arguments: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface FakeMcpServer {
  /** The Streamable HTTP endpoint (…/mcp). */
  url: string;
  calls: FakeMcpCall[];
  /** Headers of every HTTP request, in order. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * A loopback MCP server made with the official SDK (stateless Streamable HTTP, JSON answers) offering
 * `get_forecast` (structured content, read-only), `Create-Ticket` (a name that needs namespacing) and `fail`
 * (a tool error). Tests point tool-mcp at it and read what it was called with.
 */
export async function startFakeMcpServer(): Promise<FakeMcpServer> {
  const calls: FakeMcpCall[] = [];
  const requests: IncomingHttpHeaders[] = [];

  const build = (headers: IncomingHttpHeaders) => {
    const server = new McpServer({ name: 'fake-weather', version: '1.0.0' });
    const record = (tool: string, args: Record<string, unknown>) => {
      calls.push({ tool, arguments: args, headers });
    };
    server.registerTool(
      'get_forecast',
      { description: 'The weather forecast for a city', inputSchema: { city: z.string().describe('City name'), days: z.number().int().min(1).max(7).optional() }, annotations: { readOnlyHint: true } },
      async (args) => {
        record('get_forecast', args);
        const forecast = { city: args.city, tempC: 21, sky: 'sunny' };
        return { content: [{ type: 'text', text: `${args.city}: 21 °C, sunny` }], structuredContent: forecast };
      },
    );
    server.registerTool('Create-Ticket', { description: 'Opens a support ticket', inputSchema: { title: z.string() } }, async (args) => {
      record('Create-Ticket', args);
      return { content: [{ type: 'text', text: `Ticket T-1 opened: ${args.title}` }] };
    });
    server.registerTool('fail', { description: 'Always fails', inputSchema: {} }, async (args) => {
      record('fail', args);
      return { content: [{ type: 'text', text: 'The backend is on fire' }], isError: true };
    });
    return server;
  };

  const http = createServer(async (req, res) => {
    requests.push(req.headers);
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const server = build(req.headers);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const fake: FakeMcpServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    calls,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return fake;
}
