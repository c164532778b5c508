import type { ToolResult } from '@confab/plugin-sdk';

interface CallResult {
  content?: Array<{ type: string; text?: string; mimeType?: string; uri?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** An MCP tools/call result as the model reads it: the structured content when there is some, else the text parts. */
export function toToolResult(result: CallResult): ToolResult {
  const text = (result.content ?? [])
    .map((part) => (part.type === 'text' ? (part.text ?? '') : part.type === 'resource_link' ? `[link: ${part.uri}]` : `[${part.type}${part.mimeType ? ` ${part.mimeType}` : ''} omitted]`))
    .join('\n');
  if (result.structuredContent && !result.isError) return { content: result.structuredContent };
  return { content: text || (result.isError ? 'The tool failed without saying why' : ''), isError: result.isError === true };
}
