/**
 * What an operator types as a monthly limit ("250", "250.50", German "250,50") as the API's decimal string, without
 * ever making it a float; null when it is not an amount with at most 6 decimals.
 */
export function amountToDecimal(input: string): string | null {
  const value = input.trim().replace(/\s/g, '').replace(',', '.');
  return /^\d{1,9}(\.\d{1,6})?$/.test(value) ? value : null;
}

/** Spent as a share of the limit, for the progress bar (0..100), from integer micro-units. */
export function spentPercent(spentMicros: number, limitMicros: number): number {
  if (limitMicros <= 0) return spentMicros > 0 ? 100 : 0;
  return Math.min(100, Math.round((spentMicros * 100) / limitMicros));
}
