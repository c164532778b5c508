/** "850 ms", "1.2 s", "3 min 5 s", "2 h 4 min" in the locale's number format; null shows as a dash. */
export function formatDuration(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const unit = (value: number, u: string, digits = 0) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  const abs = Math.abs(ms);
  if (abs < 1000) return unit(Math.round(ms), 'millisecond');
  if (abs < 60_000) return unit(Math.round(ms / 100) / 10, 'second', 1);
  const totalSeconds = Math.round(abs / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds ? `${unit(minutes, 'minute')} ${unit(seconds, 'second')}` : unit(minutes, 'minute');
  }
  const totalMinutes = Math.round(abs / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
}
