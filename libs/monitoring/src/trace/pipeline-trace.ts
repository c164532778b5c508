/** The stage names of a customer message's way to its reply (docs/monitoring.md, "Pipeline trace"). */
export const STAGE_NAMES = ['received', 'queued', 'retrieval', 'llm', 'tool', 'stored', 'sent', 'delivered', 'read', 'failed'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export interface TraceStage {
  name: StageName;
  at: string;
  durationMs: number;
  /** The model or the tool, for llm, tool and retrieval stages. */
  detail?: string;
}

export interface TraceSources {
  receivedAt: Date;
  queuedAt: Date | null;
  /** When the reply job began working on the turn (the end of the queue wait). */
  turnStartedAt: Date | null;
  retrieval: { at: Date; durationMs: number } | null;
  llmCalls: Array<{ at: Date; durationMs: number | null; model: string }>;
  toolCalls: Array<{ at: Date; durationMs: number; name: string }>;
  reply: { storedAt: Date; sentAt: Date | null; deliveredAt: Date | null; readAt: Date | null; failedAt: Date | null } | null;
}

/** Tools that search the knowledge bases are its retrieval, not a business tool. */
const RETRIEVAL_TOOLS = new Set(['search_knowledge']);

/**
 * The stages in time order. Work stages (retrieval, llm, tool) last as long as they took; a milestone (received,
 * queued, stored, sent, delivered) lasts until the next milestone or the first work after it, so the durations
 * answer "where did the time go"; the final milestone (read, failed, or whatever came last) has 0.
 */
export function assembleTrace(s: TraceSources): TraceStage[] {
  const work: TraceStage[] = [];
  if (s.retrieval) work.push({ name: 'retrieval', at: s.retrieval.at.toISOString(), durationMs: Math.max(0, s.retrieval.durationMs) });
  for (const call of s.llmCalls) work.push({ name: 'llm', at: call.at.toISOString(), durationMs: Math.max(0, call.durationMs ?? 0), detail: call.model });
  for (const call of s.toolCalls) {
    work.push({ name: RETRIEVAL_TOOLS.has(call.name) ? 'retrieval' : 'tool', at: call.at.toISOString(), durationMs: Math.max(0, call.durationMs), detail: call.name });
  }
  const firstWork = work.reduce<number | null>((min, w) => (min === null ? Date.parse(w.at) : Math.min(min, Date.parse(w.at))), null);

  const milestones: Array<{ name: StageName; at: Date }> = [{ name: 'received', at: s.receivedAt }];
  if (s.queuedAt) milestones.push({ name: 'queued', at: s.queuedAt });
  if (s.reply) {
    milestones.push({ name: 'stored', at: s.reply.storedAt });
    if (s.reply.sentAt) milestones.push({ name: 'sent', at: s.reply.sentAt });
    if (s.reply.deliveredAt) milestones.push({ name: 'delivered', at: s.reply.deliveredAt });
    if (s.reply.readAt) milestones.push({ name: 'read', at: s.reply.readAt });
    if (s.reply.failedAt) milestones.push({ name: 'failed', at: s.reply.failedAt });
  }
  milestones.sort((a, b) => a.at.getTime() - b.at.getTime() || STAGE_NAMES.indexOf(a.name) - STAGE_NAMES.indexOf(b.name));

  const stages: TraceStage[] = milestones.map((m, i) => {
    const at = m.at.getTime();
    // The queue wait ends when the worker picks the turn up; before the reply is stored, the first work may end a milestone early.
    const candidates = [milestones[i + 1]?.at.getTime(), m.name === 'queued' ? s.turnStartedAt?.getTime() : undefined, m.name === 'received' || m.name === 'queued' ? firstWork ?? undefined : undefined]
      .filter((t): t is number => t !== undefined && t >= at);
    const until = candidates.length ? Math.min(...candidates) : at;
    return { name: m.name, at: m.at.toISOString(), durationMs: until - at };
  });
  return [...stages, ...work].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || STAGE_NAMES.indexOf(a.name) - STAGE_NAMES.indexOf(b.name));
}
