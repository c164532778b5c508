import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { isDashboardRequest, wantsPage } from './dashboard-paths';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Serves the built dashboard at `/`: hashed files under /assets cached for a year (their names change with their
 * content), other files for five minutes, and index.html for every page the browser navigates to (the SPA routes),
 * always revalidated so a new deployment is picked up at once. API paths, /docs, /health and /widget* are never
 * touched; a non-browser request for an unknown path still gets the API's JSON 404.
 */
export function serveDashboard(directory: string): (req: Request, res: Response, next: NextFunction) => void {
  const root = resolve(directory);
  const files = serveStatic(root, {
    index: false,
    fallthrough: true,
    redirect: false,
    setHeaders: (res, path) => {
      if (path.startsWith(join(root, 'assets') + '/')) res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
      else if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
      else res.setHeader('Cache-Control', 'public, max-age=300');
    },
  });
  let index: { html: string; mtimeMs: number } | null = null;
  const readIndex = (): string | null => {
    const file = join(root, 'index.html');
    if (!existsSync(file)) return null;
    // Re-read when the file changes (a rebuild under a running server in development).
    const mtimeMs = statSync(file).mtimeMs;
    if (!index || index.mtimeMs !== mtimeMs) index = { html: readFileSync(file, 'utf8'), mtimeMs };
    return index.html;
  };

  return (req, res, next) => {
    if (!isDashboardRequest(req)) return next();
    files(req, res, () => {
      if (!wantsPage(req)) return next();
      const html = readIndex();
      if (html === null) {
        res.status(503).type('text/plain').setHeader('Cache-Control', 'no-store');
        res.send('The dashboard is not built. Run "npm run build:dashboard" (npm start builds it when it is missing).\n');
        return;
      }
      res.status(200).type('html').setHeader('Cache-Control', 'no-cache');
      res.send(html);
    });
  };
}
