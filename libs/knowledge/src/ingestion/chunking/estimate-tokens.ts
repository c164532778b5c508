/**
 * Roughly four characters per token for English-like text: close enough to size chunks without shipping a
 * tokenizer, and the same number everywhere a chunk's size is decided.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
