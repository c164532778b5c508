/** "15.11.2026", "2026-11-15" or "15.11.26" as YYYY-MM-DD; anything else is no date (the field then keeps its value). */
export function parseDay(text: string): string | null {
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const german = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3].length === 2 ? `20${german[3]}` : german[3], german[2], german[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null;
}
