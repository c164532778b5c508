/** Lower-cased words in order, punctuation dropped: "Do you ship to Austria?" -> "do you ship to austria". */
export function normalizeQuestion(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ').slice(0, 500);
}

// Greetings, thanks and yes/no carry no question for the knowledge to answer.
const SMALL_TALK = new Set(
  ('hi hey hello hallo moin servus thanks thank you thx ty danke schön vielen dank ok okay okey alright cool great super gut ' +
    'perfect perfekt bye tschüss ciao yes no ja nein yep nope sure klar good morning evening guten morgen abend tag')
    .split(' '),
);

/** A message worth listing as unanswered: not only small talk ("Hi!", "Thanks", "ok"). */
export function isQuestionWorthListing(normalized: string): boolean {
  const words = normalized.split(' ').filter(Boolean);
  return words.some((w) => !SMALL_TALK.has(w));
}

/** Share of distinct words two questions have in common (Jaccard). */
export function wordOverlap(a: string, b: string): number {
  const wa = new Set(a.split(' ').filter(Boolean));
  const wb = new Set(b.split(' ').filter(Boolean));
  if (!wa.size || !wb.size) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common += 1;
  return common / (wa.size + wb.size - common);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || !a.length) return 0;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export interface GapCandidate {
  id: string;
  normalized: string;
  embedding?: number[] | null;
  embeddingModel?: string | null;
}

/** Paraphrases this close share one entry; measured on the sentence encoder and text-embedding-3 alike. */
export const SAME_QUESTION_SIMILARITY = 0.85;
export const SAME_QUESTION_OVERLAP = 0.7;

/**
 * The open entry a new question belongs to: the same words, mostly the same words, or (with an embedding of the
 * same model) nearly the same meaning. Null when it is a new question.
 */
export function matchGap(question: { normalized: string; embedding: number[] | null; model: string | null }, gaps: GapCandidate[]): string | null {
  let best: { id: string; score: number } | null = null;
  for (const gap of gaps) {
    if (gap.normalized === question.normalized) return gap.id;
    let score = wordOverlap(gap.normalized, question.normalized) >= SAME_QUESTION_OVERLAP ? 1 : 0;
    if (!score && question.embedding && gap.embedding && gap.embeddingModel === question.model) {
      const similarity = cosine(question.embedding, gap.embedding);
      if (similarity >= SAME_QUESTION_SIMILARITY) score = similarity;
    }
    if (score && (!best || score > best.score)) best = { id: gap.id, score };
  }
  return best?.id ?? null;
}
