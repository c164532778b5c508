import type { JsonSchemaObject } from '@confab/plugin-sdk';

/** A tool an MCP server offers, as discovered and as assistants enable it. */
export interface DiscoveredTool {
  /** The name assistants enable: `<server>__<tool>` (the platform's tool names are snake_case, so no dot). */
  name: string;
  /** The name the MCP server knows it by. */
  mcpName: string;
  description: string;
  inputSchema: JsonSchemaObject;
  readOnly: boolean;
}

/** What is stored per server; the header values are sealed in a separate secrets document, never in here. */
export interface McpServerDefinition {
  name: string;
  url: string;
  headerNames: string[];
  tools: DiscoveredTool[];
  /** Tools the server offers that cannot be offered to a model, with the reason. */
  skipped: { mcpName: string; reason: string }[];
  discoveredAt: string;
}

export const SERVER_NAME = /^[a-z][a-z0-9_]{0,29}$/;
const TOOL_NAME = /^[a-z][a-z0-9_]{1,63}$/;

/** The namespaced tool name: lower case, anything but letters, digits and _ as _, e.g. weather + get-Forecast -> weather__get_forecast. */
export function namespacedToolName(server: string, tool: string): string {
  return `${server}__${tool.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;
}

interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };
  annotations?: { readOnlyHint?: boolean; title?: string };
}

/** Turns tools/list into what assistants can enable; duplicates after namespacing and over-long names are skipped. */
export function toDiscovered(server: string, listed: ListedTool[]): Pick<McpServerDefinition, 'tools' | 'skipped'> {
  const tools: DiscoveredTool[] = [];
  const skipped: McpServerDefinition['skipped'] = [];
  for (const tool of listed) {
    const name = namespacedToolName(server, tool.name);
    if (!TOOL_NAME.test(name)) {
      skipped.push({ mcpName: tool.name, reason: `'${name}' is longer than 64 characters or not a valid tool name` });
      continue;
    }
    if (tools.some((t) => t.name === name)) {
      skipped.push({ mcpName: tool.name, reason: `another tool of this server is also named '${name}' after namespacing` });
      continue;
    }
    // The draft marker of the server's SDK is not for the model, and the core's validator reads the schema as draft-07.
    const { $schema: _ignored, ...schema } = tool.inputSchema;
    tools.push({
      name,
      mcpName: tool.name,
      description: (tool.description ?? tool.title ?? tool.annotations?.title ?? `Tool ${tool.name} of MCP server ${server}`).slice(0, 1024),
      inputSchema: { ...schema, type: 'object', properties: (schema.properties as JsonSchemaObject['properties']) ?? {} },
      readOnly: tool.annotations?.readOnlyHint === true,
    });
  }
  return { tools, skipped };
}
