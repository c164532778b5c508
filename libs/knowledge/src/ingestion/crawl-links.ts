/** Links worth following from a page: same site (host), http(s), not files we cannot index, not the page itself. */
export function sameSiteLinks(pageUrl: string, links: readonly string[]): string[] {
  const page = new URL(pageUrl);
  const seen = new Set<string>([normalise(page)]);
  const out: string[] = [];
  for (const link of links) {
    let url: URL;
    try {
      url = new URL(link, page);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (url.host !== page.host) continue;
    if (/\.(png|jpe?g|gif|svg|webp|ico|css|js|zip|gz|mp4|mp3|woff2?|ttf|xml|json)$/i.test(url.pathname)) continue;
    const key = normalise(url);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

function normalise(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.toString();
}
