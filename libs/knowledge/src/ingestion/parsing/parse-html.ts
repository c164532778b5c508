import { attribute, findEvery, findFirst, HtmlDocument, HtmlNode, parseHtmlDom } from './html-dom';
import { htmlBlocks } from './html-blocks';
import { collectLinks } from './html-links';
import { lineText } from './html-text';
import { ParsedBlock, ParsedDocument } from './parsed-document';

export interface ParseHtmlOptions {
  /** The page's address, to make relative links absolute (a <base href> in the page wins). */
  baseUrl?: string;
}

/**
 * An HTML page reduced to its content: site chrome (menus, banners, sidebars, footers) and scripts are dropped,
 * <main> or a single <article> is preferred when the page marks one, and links are collected for crawling.
 */
export function parseHtml(html: string, options: ParseHtmlOptions = {}): ParsedDocument {
  const dom = parseHtmlDom(html);
  const blocks = contentBlocks(dom);
  const titleElement = findFirst(dom.children, (el) => el.name === 'title');
  const title = (titleElement && lineText(titleElement, false)) || blocks.find((b) => b.level === 1)?.text;
  return { ...(title ? { title } : {}), blocks, links: collectLinks(dom, options.baseUrl) };
}

function contentBlocks(dom: HtmlDocument): ParsedBlock[] {
  const main = findFirst(dom.children, (el) => el.name === 'main' || attribute(el, 'role')?.toLowerCase() === 'main');
  const articles = findEvery(dom.children, (el) => el.name === 'article');
  // Several articles make a listing page, where the first one alone would lose the rest.
  const content = main ?? (articles.length === 1 ? articles[0] : undefined);
  const body: HtmlNode[] = [findFirst(dom.children, (el) => el.name === 'body') ?? dom];
  if (content) {
    const blocks = htmlBlocks([content], true);
    // A <main> left empty by a script-rendered page is no reason to lose text elsewhere.
    if (blocks.some((b) => b.kind !== 'heading')) return blocks;
  }
  return htmlBlocks(body, false);
}
