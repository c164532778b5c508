export type LogFormat = 'json' | 'pretty';

/**
 * LOG_FORMAT when set; otherwise readable lines for a person at a terminal (`npm start` in a shell) and JSON for
 * everything else (a container, a service manager, a pipe into a log shipper), so production stays machine-readable
 * without anyone having to remember the variable.
 */
export function logFormatFor(configured: LogFormat | undefined, interactive: boolean = process.stdout.isTTY === true): LogFormat {
  return configured ?? (interactive ? 'pretty' : 'json');
}
