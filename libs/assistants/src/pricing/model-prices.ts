/**
 * Built-in price list, USD per 1M tokens, standard tier (compiled 2026-11-25 from public price pages; see
 * docs/costs.md). Prices are data with an effective date: a new price is a new row, so old costs stay explainable.
 * Operators add or override rows with MODEL_PRICES_FILE.
 */
export interface ModelPriceRow {
  /** Exact model id or a prefix ("gpt-4o-mini" also prices "gpt-4o-mini-2024-07-18"). */
  model: string;
  effectiveFrom: string; // YYYY-MM-DD, UTC
  currency: 'USD';
  inputPerMTok: number;
  cachedInputPerMTok?: number;
  outputPerMTok?: number;
}

export const BUILT_IN_MODEL_PRICES: ModelPriceRow[] = [
  { model: 'gpt-4o', effectiveFrom: '2024-10-01', currency: 'USD', inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
  { model: 'gpt-4o-mini', effectiveFrom: '2024-07-18', currency: 'USD', inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
  { model: 'gpt-4.1', effectiveFrom: '2025-04-14', currency: 'USD', inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  { model: 'gpt-4.1-mini', effectiveFrom: '2025-04-14', currency: 'USD', inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
  { model: 'gpt-4.1-nano', effectiveFrom: '2025-04-14', currency: 'USD', inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4 },
  { model: 'gpt-5', effectiveFrom: '2025-08-07', currency: 'USD', inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  { model: 'gpt-5-mini', effectiveFrom: '2025-08-07', currency: 'USD', inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
  { model: 'gpt-5-nano', effectiveFrom: '2025-08-07', currency: 'USD', inputPerMTok: 0.05, cachedInputPerMTok: 0.005, outputPerMTok: 0.4 },
  { model: 'text-embedding-3-small', effectiveFrom: '2024-01-25', currency: 'USD', inputPerMTok: 0.02 },
  { model: 'text-embedding-3-large', effectiveFrom: '2024-01-25', currency: 'USD', inputPerMTok: 0.13 },
];
