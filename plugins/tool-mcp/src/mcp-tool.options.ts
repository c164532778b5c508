import type { AllowedHost } from '@confab/net';

export const MCP_TOOLS_OPTIONS = Symbol('MCP_TOOLS_OPTIONS');

export interface McpToolsOptions {
  /** Internal hosts tenants' MCP server URLs may reach (OUTBOUND_ALLOWED_HOSTS); public addresses are always allowed. */
  allowedHosts: AllowedHost[];
  /** One HTTP request to an MCP server (default 10 s). */
  requestTimeoutMs?: number;
  /** A whole tool call, connection included (default 20 s); the core aborts the call after this. */
  callTimeoutMs?: number;
}
