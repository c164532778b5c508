/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) for every item it ranks. It needs no score
 * calibration between a cosine similarity and a full-text rank, which is why hybrid search uses it.
 */
export function reciprocalRankFusion(lists: ReadonlyArray<readonly string[]>, k = 60): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
