import type { Request } from 'express';

/** Paths the server answers itself; everything else on a GET from a browser is the dashboard's. */
const SERVER_PREFIXES = ['/api/', '/docs', '/health', '/widget', '/v1/', '/mcp'];

/**
 * Whether a request is for the dashboard (its files or one of its pages). GET /metrics is both the Prometheus
 * scrape and the dashboard's metrics page (the issue fixes both URLs): a browser navigation (Accept names text/html,
 * no Authorization header) gets the page; a scraper, which sends a bearer token and asks for text/plain, the metrics.
 */
export function isDashboardRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.path;
  if (path === '/api' || SERVER_PREFIXES.some((p) => path.startsWith(p))) return false;
  if (path === '/metrics' || path.startsWith('/metrics/')) return wantsPage(req);
  return true;
}

/** A browser navigating to a page, as opposed to an API client or a scraper. */
export function wantsPage(req: Request): boolean {
  return !req.headers.authorization && /\btext\/html\b/.test(req.headers.accept ?? '');
}
