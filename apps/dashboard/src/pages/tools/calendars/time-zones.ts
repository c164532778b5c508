let cached: string[] | null = null;

/** The IANA zones the browser knows (the server checks the choice again); UTC first. */
export function timeZones(): string[] {
  if (!cached) {
    const all = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['Europe/Berlin'];
    cached = ['UTC', ...all.filter((z) => z !== 'UTC')];
  }
  return cached;
}
