import type { LlmMessage } from '../llm/llm.port';
import { runToolCall, toolResultForModel } from './run-tool-call';
import { TurnInterrupted, type LlmCallRecord, type ToolCallRecord, type TurnRequest, type TurnResult } from './tool-loop.types';

const GAVE_UP = "I'm sorry, I couldn't complete that just now. A colleague can help you further.";

/**
 * One assistant turn: call the model, run the tools it asks for (concurrently, as it may ask for several at once),
 * feed the results back, and stop at text or at the iteration bound. The last round offers no tools, so the
 * model must answer in words. LLM errors propagate (as TurnInterrupted once calls were made, carrying them): the
 * reply job decides whether to retry or fall back.
 */
export async function runTurn(request: TurnRequest): Promise<TurnResult> {
  const messages: LlmMessage[] = [...request.messages];
  const toolCalls: ToolCallRecord[] = [];
  const llmCalls: LlmCallRecord[] = [];
  let offline = false;

  const own = new Set(request.tools.map((t) => t.spec.name));
  // The assistant's own tool wins over a client tool of the same name.
  const clientTools = (request.clientTools ?? []).filter((t) => !own.has(t.name));
  const clientNames = new Set(clientTools.map((t) => t.name));
  const began = Date.now();
  for (let round = 0; round < request.maxIterations; round++) {
    const overBudget = request.turnBudgetMs !== undefined && Date.now() - began >= request.turnBudgetMs;
    const lastRound = round === request.maxIterations - 1 || overBudget;
    let response;
    const callStartedAt = new Date();
    const callBegan = performance.now();
    try {
      response = await request.llm.complete({
        model: request.model,
        temperature: request.temperature,
        messages,
        tools: lastRound ? [] : [...request.tools.map((t) => t.spec), ...clientTools],
        endUserId: request.endUserId,
        knowledge: request.knowledge,
        signal: request.signal,
        onDelta: request.onDelta,
      });
    } catch (err) {
      if (!llmCalls.length) throw err;
      throw new TurnInterrupted(err, toolCalls, llmCalls);
    }
    llmCalls.push({ model: response.model, usage: response.usage, offline: response.offline, requestId: response.requestId, startedAt: callStartedAt, durationMs: Math.round(performance.now() - callBegan) });
    offline ||= response.offline;
    if (!response.toolCalls.length) {
      return { text: response.content?.trim() || GAVE_UP, toolCalls, llmCalls, offline, finishReason: response.finishReason };
    }
    const forClient = response.toolCalls.filter((call) => clientNames.has(call.name));
    if (forClient.length) {
      // The client runs these and sends the results in its next request; calls of own tools in the same response are
      // not run, as the model asks again once it has the client's results.
      return { text: response.content?.trim() ?? '', toolCalls, llmCalls, offline, finishReason: 'tool_calls', clientToolCalls: forClient };
    }
    messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
    const records = await Promise.all(response.toolCalls.map((call) => runToolCall(call, request.tools, request)));
    toolCalls.push(...records);
    for (const record of records) messages.push({ role: 'tool', toolCallId: record.callId, content: toolResultForModel(record) });
  }
  return { text: GAVE_UP, toolCalls, llmCalls, offline, finishReason: 'max_iterations' };
}
