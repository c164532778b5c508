import type { ModelPriceRow } from './model-prices';

export interface TokenUsage {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

export interface PricedUsage {
  costMicros: number;
  currency: string;
  /** "<model>@<effectiveFrom>" of the row applied, or null when the model has no price. */
  priceRef: string | null;
}

/** Micro-units per 1M tokens, kept as integers so no float ever touches money. */
interface MicroRow {
  row: ModelPriceRow;
  input: bigint;
  cached: bigint;
  output: bigint;
}

const toMicros = (usdPerMTok: number | undefined): bigint => BigInt(Math.round((usdPerMTok ?? 0) * 1_000_000));

/**
 * Prices token usage from dated rows: the row with the longest matching model prefix whose date is not after
 * the usage wins. Billing follows OpenAI's rule: prompt tokens include cached ones, which bill at the cached rate.
 */
export class PriceBook {
  private readonly rows: MicroRow[];

  constructor(rows: ModelPriceRow[]) {
    this.rows = rows
      .map((row) => ({ row, input: toMicros(row.inputPerMTok), cached: toMicros(row.cachedInputPerMTok ?? row.inputPerMTok), output: toMicros(row.outputPerMTok) }))
      .sort((a, b) => b.row.model.length - a.row.model.length || b.row.effectiveFrom.localeCompare(a.row.effectiveFrom));
  }

  find(model: string, at: Date): ModelPriceRow | undefined {
    return this.match(model, at)?.row;
  }

  price(model: string, usage: TokenUsage, at: Date = new Date()): PricedUsage {
    const match = this.match(model, at);
    if (!match) return { costMicros: 0, currency: 'USD', priceRef: null };
    const cached = BigInt(Math.min(usage.cachedTokens, usage.promptTokens));
    const uncached = BigInt(usage.promptTokens) - cached;
    const perMillion = uncached * match.input + cached * match.cached + BigInt(usage.completionTokens) * match.output;
    // Round half up to whole micro-units once, at the end.
    const costMicros = Number((perMillion + 500_000n) / 1_000_000n);
    return { costMicros, currency: match.row.currency, priceRef: `${match.row.model}@${match.row.effectiveFrom}` };
  }

  private match(model: string, at: Date): MicroRow | undefined {
    const day = at.toISOString().slice(0, 10);
    return this.rows.find((r) => (model === r.row.model || model.startsWith(`${r.row.model}-`)) && r.row.effectiveFrom <= day);
  }
}
