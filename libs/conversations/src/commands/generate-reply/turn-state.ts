import { randomUUID } from 'node:crypto';
import type { ConversationControl, ConversationVariable, NewTask, ToolContext, ToolLogger, VariableStore } from '@confab/plugin-sdk';
import type { ResolvedTool } from '@confab/assistants';
import type { Conversation } from '../../entities/conversation.entity';
import { mergeVariables } from '../../domain/variables';

/**
 * What the tools of one turn changed. Held in memory and written in the same transaction as the reply, so a turn
 * that fails leaves no half-applied variables or hand-over behind.
 */
export class TurnState {
  variables: Record<string, ConversationVariable>;
  handoff: { reason: string; summary?: string; resumeAfterMinutes?: number } | null = null;
  /** Tasks the tools left for humans, with the tool that made each. */
  tasks: Array<NewTask & { id: string; createdBy: string }> = [];
  private changed = false;

  constructor(
    private readonly conversation: Conversation,
    private readonly logger: ToolLogger,
  ) {
    this.variables = { ...conversation.variables };
  }

  get variablesChanged(): boolean {
    return this.changed;
  }

  contextFor(tool: ResolvedTool, signal: AbortSignal): ToolContext<any> {
    const store: VariableStore = {
      get: (key) => this.variables[key]?.value,
      all: () => ({ ...this.variables }),
      set: (key, value) => {
        this.variables = mergeVariables(this.variables, { [key]: value }, 'ai');
        this.changed = true;
      },
    };
    const control: ConversationControl = {
      id: this.conversation.id,
      channel: this.conversation.channel,
      customer: { identifier: this.conversation.customerIdentifier ?? null, name: this.conversation.customerName ?? null },
      requestHandoff: (reason, summary, options) => {
        this.handoff = { reason, summary, resumeAfterMinutes: options?.resumeAfterMinutes };
      },
    };
    const tasks = {
      create: (task: NewTask) => {
        const id = randomUUID();
        this.tasks.push({ ...task, id, createdBy: `tool:${tool.spec.name}` });
        return { id };
      },
    };
    return {
      tenantId: this.conversation.tenantId,
      tasks,
      assistantId: this.conversation.assistantId,
      config: tool.config,
      conversation: control,
      variables: store,
      signal,
      logger: this.logger,
    };
  }
}
