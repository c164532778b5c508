import { validateArguments } from './argument-validator';
import type { ResolvedTool, ToolCallRecord, TurnRequest } from './tool-loop.types';
import type { LlmToolCall } from '../llm/llm.port';

class ToolTimeout extends Error {}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!raw.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, error: 'arguments are not valid JSON' };
  }
}

/**
 * Runs one tool call and never throws: unknown tools, bad JSON, schema violations, timeouts and tool crashes all
 * become a recorded error that the model reads back as the tool result, so it can correct itself or apologise.
 */
export async function runToolCall(call: LlmToolCall, tools: ResolvedTool[], request: TurnRequest): Promise<ToolCallRecord> {
  const startedAt = new Date();
  const began = performance.now();
  const record = (partial: Partial<ToolCallRecord>): ToolCallRecord => ({
    callId: call.id,
    name: call.name,
    arguments: null,
    rawArguments: null,
    result: null,
    error: null,
    validation: 'not_checked',
    startedAt,
    ...partial,
    durationMs: Math.round(performance.now() - began),
  });

  const tool = tools.find((t) => t.spec.name === call.name);
  if (!tool) return record({ rawArguments: call.arguments, error: `Unknown tool '${call.name}'` });
  const parsed = parseArguments(call.arguments);
  if (!parsed.ok) return record({ rawArguments: call.arguments, error: parsed.error, validation: 'invalid' });
  const invalid = validateArguments(tool.spec.parameters, parsed.value);
  if (invalid) return record({ arguments: parsed.value, error: `Invalid arguments: ${invalid}`, validation: 'invalid' });

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject before aborting: a tool that settles in its abort listener must not win the race.
      reject(new ToolTimeout());
      controller.abort(new ToolTimeout());
    }, tool.timeoutMs);
  });
  try {
    const result = await Promise.race([tool.plugin.execute(parsed.value, request.contextFor(tool, controller.signal)), timeout]);
    const validation = result.validation === 'invalid' ? 'invalid' : 'ok';
    return record({
      arguments: parsed.value,
      result: result.content,
      error: result.isError ? (typeof result.content === 'string' ? result.content : 'The tool reported an error') : null,
      validation,
    });
  } catch (err) {
    const message = err instanceof ToolTimeout ? `Tool timed out after ${tool.timeoutMs} ms` : `Tool failed: ${(err as Error).message}`;
    return record({ arguments: parsed.value, error: message, validation: 'ok' });
  } finally {
    clearTimeout(timer);
  }
}

/** What the model reads back for a call. */
export function toolResultForModel(record: ToolCallRecord): string {
  if (record.error && record.result == null) return JSON.stringify({ error: record.error });
  return typeof record.result === 'string' ? record.result : JSON.stringify(record.result);
}
