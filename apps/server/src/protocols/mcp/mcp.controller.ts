import { Controller, Delete, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentAuth, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { McpServerFactory } from './mcp-server.factory';
import { McpAuthFilter } from './mcp-auth.filter';

const NOT_ALLOWED = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC requests with POST' }, id: null };

/**
 * The Model Context Protocol over Streamable HTTP (docs/protocols.md). Stateless: every POST carries one JSON-RPC
 * message and gets its answer as JSON, so there are no sessions to keep or share between processes, and no
 * server-initiated stream (GET) to hold open.
 */
@ApiTags('MCP')
@ApiBearerAuth()
@UseFilters(McpAuthFilter)
@Controller('mcp')
export class McpController {
  constructor(private readonly factory: McpServerFactory) {}

  @Post()
  // A read key may connect and gets the read-only tools; the acting tools check the key's scope themselves.
  @RequireScope('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'MCP Streamable HTTP endpoint (JSON-RPC 2.0: initialize, tools/list, tools/call)' })
  @ApiBody({ schema: { type: 'object', required: ['jsonrpc', 'method'], properties: { jsonrpc: { type: 'string', enum: ['2.0'] }, id: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, method: { type: 'string', example: 'tools/list' }, params: { type: 'object' } } } })
  @ApiOkResponse({ description: 'The JSON-RPC response' })
  @ApiResponse({ status: 202, description: 'A notification was accepted' })
  async post(@CurrentAuth() auth: AuthContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    const server = await this.factory.create(auth);
    // Loaded with the first request, like the server itself (mcp-server.factory.ts).
    const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  @Get()
  @ApiOperation({ summary: 'Not offered: the endpoint is stateless and opens no server-to-client stream' })
  @ApiResponse({ status: 405, description: 'Method not allowed' })
  get(@Res() res: Response): void {
    res.status(405).set('Allow', 'POST').json(NOT_ALLOWED);
  }

  @Delete()
  @RequireScope('read')
  @ApiOperation({ summary: 'Not offered: there are no sessions to end' })
  @ApiResponse({ status: 405, description: 'Method not allowed' })
  delete(@Res() res: Response): void {
    res.status(405).set('Allow', 'POST').json(NOT_ALLOWED);
  }
}
