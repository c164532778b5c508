/** The heading path travels with the text into the embedding, so "Returns > Costs" chunks match "return costs". */
export function embeddingText(chunk: { headingPath: string[]; text: string }): string {
  return chunk.headingPath.length ? `${chunk.headingPath.join(' > ')}\n${chunk.text}` : chunk.text;
}
