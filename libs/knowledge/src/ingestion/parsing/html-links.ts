import { attribute, findEvery, findFirst, HtmlDocument } from './html-dom';

/**
 * Every http(s) link of the page, absolute, without fragment, first occurrence first. Navigation is included on
 * purpose: the crawler follows menus even though their text is not content.
 */
export function collectLinks(dom: HtmlDocument, baseUrl?: string): string[] {
  const base = resolveBase(dom, baseUrl);
  const seen = new Set<string>();
  for (const anchor of findEvery(dom.children, (el) => el.name === 'a' || el.name === 'area')) {
    const href = attribute(anchor, 'href')?.trim();
    const url = href ? toUrl(href, base) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
    url.hash = '';
    seen.add(url.href);
  }
  return [...seen];
}

/** <base href> may itself be relative to the page's address. */
function resolveBase(dom: HtmlDocument, baseUrl?: string): string | undefined {
  const href = findFirst(dom.children, (el) => el.name === 'base' && attribute(el, 'href') !== undefined);
  const declared = href && attribute(href, 'href')?.trim();
  return (declared && toUrl(declared, baseUrl)?.href) || baseUrl;
}

function toUrl(href: string, base?: string): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    // A relative link without a base, or a malformed one: there is nothing to follow.
    return undefined;
  }
}
