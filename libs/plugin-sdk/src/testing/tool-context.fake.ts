import type { ConversationVariable, NewTask, ToolContext } from '../tool/tool.types';

export interface RecordingToolContext<TConfig> extends ToolContext<TConfig> {
  handoffs: Array<{ reason: string; summary?: string }>;
  createdTasks: NewTask[];
  logs: Array<{ level: 'log' | 'warn'; message: string }>;
}

/** An in-memory ToolContext for plugin tests: variables live in a map, hand-overs and logs are recorded. */
export function createToolContext<TConfig>(config: TConfig, initial: Record<string, unknown> = {}): RecordingToolContext<TConfig> {
  const at = new Date(0).toISOString();
  const vars: Record<string, ConversationVariable> = Object.fromEntries(Object.entries(initial).map(([k, value]) => [k, { value, source: 'api', updatedAt: at }]));
  const ctx: RecordingToolContext<TConfig> = {
    tenantId: 'tenant-test',
    assistantId: 'assistant-test',
    config,
    handoffs: [],
    createdTasks: [],
    logs: [],
    tasks: {
      create: (task) => {
        ctx.createdTasks.push(task);
        return { id: `task-${ctx.createdTasks.length}` };
      },
    },
    conversation: {
      id: 'conversation-test',
      channel: 'test',
      customer: { identifier: 'customer-test', name: 'Test Customer' },
      requestHandoff: (reason, summary) => ctx.handoffs.push({ reason, summary }),
    },
    variables: {
      get: (key) => vars[key]?.value,
      all: () => ({ ...vars }),
      set: (key, value) => {
        vars[key] = { value, source: 'ai', updatedAt: new Date().toISOString() };
      },
    },
    signal: new AbortController().signal,
    logger: {
      log: (message) => ctx.logs.push({ level: 'log', message }),
      warn: (message) => ctx.logs.push({ level: 'warn', message }),
    },
  };
  return ctx;
}
