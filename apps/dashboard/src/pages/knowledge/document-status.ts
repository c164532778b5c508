/** The document statuses of the API, in the order a document passes through them. */
export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';

interface StatusLike {
  status: string;
  progress: number;
  /** A string or null at runtime; the generated schema types untyped nullable strings loosely. */
  error?: unknown;
}

export function isIndexing(doc: Pick<StatusLike, 'status'>): boolean {
  return doc.status === 'queued' || doc.status === 'processing';
}

/** A queued document that carries an error is waiting for a retry (the server appends "(retrying)"). */
export function isRetrying(doc: StatusLike): boolean {
  return doc.status === 'queued' && !!doc.error;
}

export function statusColor(status: string): string {
  if (status === 'ready') return 'green';
  if (status === 'failed') return 'red';
  if (status === 'processing') return 'blue';
  return 'gray';
}

/** Progress to draw: a queued document has not started, but an empty bar reads as "stuck", so it shows a sliver. */
export function progressValue(doc: StatusLike): number {
  if (doc.status === 'ready') return 100;
  return Math.max(doc.status === 'processing' ? 5 : 2, Math.min(100, Math.round(doc.progress)));
}

/** Files the server can read, for the drop zone: by type, and by extension where browsers give no type (Markdown). */
export const ACCEPTED_FILES: Record<string, string[]> = {
  'text/plain': ['.txt'],
  'text/markdown': ['.md', '.markdown'],
  'text/html': ['.html', '.htm'],
  'application/pdf': ['.pdf'],
};

/** Score shown with the threshold next to it: "0.41 ≥ 0.35". Scores are cosine similarities from 0 to 1. */
export function scoreVerdict(score: number | null, threshold: number | null): 'above' | 'below' | 'lexical' {
  if (score === null) return 'lexical';
  if (threshold === null) return 'above';
  return score >= threshold ? 'above' : 'below';
}

/** The single threshold of a search over one knowledge base (the API gives one per embedding model). */
export function thresholdOf(thresholds: Record<string, unknown> | undefined | null): number | null {
  const values = Object.values(thresholds ?? {}).filter((v): v is number => typeof v === 'number');
  return values.length ? Math.min(...values) : null;
}
