import type { components } from '../../api/schema';

export type ConversationDetail = components['schemas']['ConversationDetailView'];
export type Message = components['schemas']['MessageView'];
export type ToolCall = components['schemas']['ToolCallView'];
export type TraceStage = components['schemas']['TraceStageView'];

export type TimelineEntry = { kind: 'message'; at: string; message: Message; toolCalls: ToolCall[] } | { kind: 'tool'; at: string; toolCall: ToolCall };

/**
 * One list in time order: every message, with the tool calls that led to an AI reply shown right before that
 * reply (the model called them while writing it). Tool calls of a turn that produced no stored reply (the
 * conversation was handed over by the tool, the reply failed) stand on their own at the time they ran.
 */
export function buildTimeline(messages: Message[], toolCalls: ToolCall[]): TimelineEntry[] {
  const byMessage = new Map<string, ToolCall[]>();
  const loose: ToolCall[] = [];
  const ids = new Set(messages.map((m) => m.id));
  for (const call of toolCalls) {
    const messageId = typeof call.messageId === 'string' ? call.messageId : null;
    if (messageId && ids.has(messageId)) byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), call]);
    else loose.push(call);
  }
  const entries: TimelineEntry[] = [
    ...messages.map((message) => ({
      kind: 'message' as const, at: message.createdAt, message,
      toolCalls: (byMessage.get(message.id) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    })),
    ...loose.map((toolCall) => ({ kind: 'tool' as const, at: toolCall.createdAt, toolCall })),
  ];
  // Stable: equal instants keep messages before loose tool calls, as listed.
  return entries.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i).map(({ e }) => e);
}

/** Time left in a service window, split for display; null once it has closed (or when there is no end). */
export function windowRemaining(expiresAt: string | null, now: number): { hours: number; minutes: number; seconds: number; totalMs: number } | null {
  if (!expiresAt) return null;
  const totalMs = Date.parse(expiresAt) - now;
  if (!Number.isFinite(totalMs) || totalMs <= 0) return null;
  const s = Math.floor(totalMs / 1000);
  return { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60, totalMs };
}

export interface WaterfallBar {
  name: TraceStage['name'];
  detail?: string;
  /** Start and width as shares (0..1) of the whole trace, for a bar chart without a chart library. */
  offset: number;
  width: number;
  startMs: number;
  durationMs: number;
}

/**
 * The pipeline trace of one customer message as bars on a common time axis, from its first stage to the end of
 * the last one. Zero-length milestones get a sliver so they stay visible.
 */
export function waterfall(stages: TraceStage[]): { totalMs: number; bars: WaterfallBar[] } {
  if (!stages.length) return { totalMs: 0, bars: [] };
  const t0 = Math.min(...stages.map((s) => Date.parse(s.at)));
  const end = Math.max(...stages.map((s) => Date.parse(s.at) + Math.max(0, s.durationMs)));
  const totalMs = Math.max(1, end - t0);
  const bars = stages.map((s) => {
    const startMs = Date.parse(s.at) - t0;
    return {
      name: s.name, detail: s.detail, startMs, durationMs: s.durationMs,
      offset: Math.min(startMs / totalMs, 0.995),
      width: Math.max(s.durationMs / totalMs, 0.005),
    };
  });
  return { totalMs, bars };
}

/** Placeholders of a template body ({{1}}, {{2}} or {{customer_name}}), in order of first appearance. */
export function templatePlaceholders(components: unknown[]): string[] {
  const body = components.find((c) => typeof c === 'object' && c !== null && String((c as { type?: unknown }).type).toUpperCase() === 'BODY') as { text?: unknown } | undefined;
  const text = typeof body?.text === 'string' ? body.text : '';
  const seen: string[] = [];
  for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) if (!seen.includes(m[1])) seen.push(m[1]);
  return seen;
}
