import { estimateTokens } from './estimate-tokens';

// A sentence ends at . ! ? … (maybe followed by a quote or bracket) before a capital or digit; a line break
// always ends a unit. Lookbehind keeps the punctuation with its sentence.
const SENTENCE_BREAK = /((?<=[.!?…]["'”’)\]]?)[^\S\n]+(?=["'“‘(\[]?[\p{Lu}\p{N}])|[^\S\n]*\n\s*)/u;

/** Sentences (and lines) with their trailing separator, so joining them gives back the text exactly. */
export function sentenceUnits(text: string): string[] {
  return pairUp(text.split(SENTENCE_BREAK));
}

function wordUnits(text: string): string[] {
  return pairUp(text.split(/(\s+)/));
}

// split() with a capturing group alternates content and separator; glue each separator to its content.
function pairUp(parts: string[]): string[] {
  const units: string[] = [];
  for (let i = 0; i < parts.length; i += 2) units.push(parts[i] + (parts[i + 1] ?? ''));
  return units.filter((unit) => unit.trim());
}

function charUnits(text: string, budget: number): string[] {
  const size = Math.max(1, budget * 4);
  const units: string[] = [];
  for (let i = 0; i < text.length; i += size) units.push(text.slice(i, i + size));
  return units;
}

/**
 * Packs units into pieces of at most `budget` tokens, in order. A unit too big on its own is split further:
 * into sentences, then words, then (a URL or hash without spaces) plain character runs.
 */
export function packUnits(units: string[], budget: number, level = 0): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) pieces.push(current.trim());
    current = '';
  };
  for (const unit of units) {
    if (estimateTokens((current + unit).trim()) <= budget) {
      current += unit;
      continue;
    }
    push();
    if (estimateTokens(unit.trim()) <= budget) current = unit;
    else pieces.push(...packUnits(finerUnits(unit.trim(), budget, level), budget, level + 1));
  }
  push();
  return pieces;
}

function finerUnits(text: string, budget: number, level: number): string[] {
  if (level === 0) {
    const sentences = sentenceUnits(text);
    if (sentences.length > 1) return sentences;
  }
  const words = level <= 1 ? wordUnits(text) : [];
  return words.length > 1 ? words : charUnits(text, budget);
}

/** Text of at most `budget` tokens. */
export function splitText(text: string, budget: number): string[] {
  return packUnits([text], budget);
}

/**
 * The end of `text` worth repeating at the start of the next chunk: whole sentences (or lines) within `target`
 * tokens; a last sentence somewhat longer than that (up to 1.5x, never beyond `limit`) rather than a cut one;
 * only then its last words, and not at all when `wholeUnits` asks for items or lines to stay intact.
 */
export function tailOverlap(text: string, target: number, limit = Math.floor(target * 1.5), wholeUnits = false): string {
  if (target <= 0 || limit <= 0) return '';
  const sentences = sentenceUnits(text);
  const whole = takeTail(sentences, Math.min(target, limit));
  if (whole) return whole;
  const last = sentences[sentences.length - 1]?.trim() ?? '';
  if (last && estimateTokens(last) <= Math.min(Math.floor(target * 1.5), limit)) return last;
  if (wholeUnits) return '';
  const words = wordUnits(text);
  return takeTail(words.length > 1 ? words : charUnits(text, target), Math.min(target, limit));
}

function takeTail(units: string[], budget: number): string {
  let tail = '';
  for (let i = units.length - 1; i >= 0; i--) {
    if (estimateTokens((units[i] + tail).trim()) > budget) break;
    tail = units[i] + tail;
  }
  return tail.trim();
}
