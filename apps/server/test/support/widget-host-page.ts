import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A customer's website on its own loopback origin (another port than the platform, so another origin): it serves
 * whatever page a test sets, the way a shop would embed the snippet.
 */
export interface HostSite {
  origin: string;
  /** Serves `html` at `path` (replacing what was there) and returns the page's URL. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html) {
      pages.set(path, html);
      return origin + path;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Rules a careless or hostile theme might have; none of them may change the widget. */
export const HOSTILE_CSS = `
* { font-family: "Comic Sans MS", cursive !important; color: #f00 !important; background: #ff0 !important;
    border: 3px dashed #0a0 !important; padding: 9px !important; margin: 7px !important; box-sizing: content-box !important;
    line-height: 3 !important; letter-spacing: 2px !important; text-transform: uppercase !important; opacity: .9 !important; }
div { display: none !important; }
button { font-size: 40px !important; width: 10px !important; height: 10px !important; border-radius: 0 !important; }
svg, path { fill: #0f0 !important; }
confab-widget { display: none !important; position: static !important; opacity: 0 !important; transform: scale(.1) !important; }
html, body { font-size: 30px !important; transform: translateZ(0); filter: saturate(1.5); }
`;

export interface EmbedOptions {
  platformUrl: string;
  publicKey: string;
  lang?: string;
  hostile?: boolean;
  /** identify() call queued before the script loads, as the snippet docs show. */
  identity?: { userId: string; name?: string; email?: string; hash: string };
}

export function embedPage(o: EmbedOptions): string {
  const queue = o.identity
    ? `<script>window.ConfabWidget = window.ConfabWidget || { q: [] }; window.ConfabWidget.q.push(['identify', ${JSON.stringify(o.identity)}]);</script>`
    : '';
  return `<!doctype html>
<html lang="${o.lang ?? 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>
${o.hostile ? `<style>${HOSTILE_CSS}</style>` : ''}</head>
<body>
<main><h1>Sunny Bakery</h1><p>Fresh bread every morning. <a href="#hours">Opening hours</a></p><div>Special offers</div></main>
${queue}
<script src="${o.platformUrl}/widget.js" data-key="${o.publicKey}" async></script>
</body>
</html>`;
}
