import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { isDashboardRequest } from './dashboard/dashboard-paths';

// Browsers may load platform resources from other sites (the web widget's script, feeds), so resources are not
// pinned to this origin; CORS still decides who may read API answers.
const common = { crossOriginResourcePolicy: { policy: 'cross-origin' as const } };

/** JSON answers never need to run or embed anything. */
const apiHeaders = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });

/**
 * Swagger UI at /docs has an inline style block, sets inline styles from script and shows data: images; its
 * scripts are files. Not upgrading to https keeps /docs working on a plain-http installation (localhost, a LAN).
 */
const docsHeaders = helmet({
  ...common,
  contentSecurityPolicy: {
    directives: { scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'https:'], upgradeInsecureRequests: null },
  },
});

/**
 * The widget demo page runs the widget script from PUBLIC_URL (the page may be opened under another loopback name),
 * which talks to the API there and styles its Shadow DOM with style elements.
 */
const demoHeaders = (publicUrl: string) => {
  const platform = new URL(publicUrl).origin;
  return helmet({
    ...common,
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", platform], connectSrc: ["'self'", platform], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
};

/**
 * The operator dashboard: scripts only from its own files (no inline script, no eval), API calls and the live feed
 * to this origin only, never framed (clickjacking of agent actions). Styles allow inline because the component
 * library sets style attributes and injects its CSS variables at run time; no script can be injected that way.
 */
const dashboardHeaders = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

/** helmet's usual security headers on every response (X-Powered-By removed), with a CSP per kind of page. */
export function securityHeaders(publicUrl = 'http://localhost'): (req: Request, res: Response, next: NextFunction) => void {
  const demo = demoHeaders(publicUrl);
  return (req, res, next) => {
    if (req.path === '/widget-demo') return demo(req, res, next);
    const docs = req.path === '/docs' || req.path.startsWith('/docs/') || req.path.startsWith('/docs-');
    (docs ? docsHeaders : isDashboardRequest(req) ? dashboardHeaders : apiHeaders)(req, res, next);
  };
}
