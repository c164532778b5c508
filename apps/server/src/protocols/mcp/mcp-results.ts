import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DomainError } from '@confab/plugin-sdk';

/** A tool answer both for programs (structuredContent) and for a model or a person reading it (text). */
export function toolResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/**
 * Runs a tool body; what the caller can act on (unknown id, bad filter, closed window, rate limit) comes back as a
 * tool error the model can read and correct, rather than a protocol error that would end the client's turn.
 */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const field = typeof err.details.field === 'string' ? ` (field: ${err.details.field})` : '';
    return { isError: true, content: [{ type: 'text', text: `${err.code}: ${err.message}${field}` }], structuredContent: { error: { code: err.code, message: err.message, ...err.details } } };
  }
}

const when = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('.000Z', 'Z') : '-');
export { when };
