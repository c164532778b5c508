import type { RetrievalSettings } from '@confab/assistants';
import { EMBEDDED_MODEL } from '../embeddings/embedded-embedder';

/**
 * Similarity scales differ by model: the sentence encoder rates unrelated English sentences around 0.1-0.3 and
 * paraphrases above 0.45, OpenAI's text-embedding-3 models sit lower overall. Measured on the quality corpus
 * (libs/knowledge/src/retrieval/retrieval-quality.integration-spec.ts); an assistant can override it.
 */
const THRESHOLD_BY_MODEL: Record<string, number> = {
  [EMBEDDED_MODEL]: 0.35,
  'text-embedding-3-small': 0.3,
  'text-embedding-3-large': 0.3,
};
const FALLBACK_THRESHOLD = 0.3;

export interface EffectiveRetrieval {
  topK: number;
  scoreThreshold: number;
  hybrid: boolean;
}

export function defaultThreshold(model: string): number {
  return THRESHOLD_BY_MODEL[model] ?? FALLBACK_THRESHOLD;
}

export function effectiveRetrieval(settings: RetrievalSettings, model: string, topK: number): EffectiveRetrieval {
  return {
    topK: settings.topK ?? topK,
    scoreThreshold: settings.scoreThreshold ?? defaultThreshold(model),
    hybrid: settings.hybrid ?? false,
  };
}
