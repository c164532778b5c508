import { DomUtils } from 'htmlparser2';
import { HtmlElement, HtmlNode, isElement, isTextNode } from './html-dom';
import { isNoise } from './html-noise';
import { collapseWhitespace } from './plain-text';

/** Tags that start a new block of text; everything else (a, b, span, em, ...) flows inside a line. */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Visible text of a subtree: <br> and nested blocks become line breaks, each line's whitespace collapsed. */
export function elementText(node: HtmlNode, inContent: boolean, skip?: (el: HtmlElement) => boolean): string {
  return rawText(node, inContent, skip).split('\n').map(collapseWhitespace).filter(Boolean).join('\n');
}

/** One line of text, as a list item or a table cell needs it. */
export function lineText(node: HtmlNode, inContent: boolean, skip?: (el: HtmlElement) => boolean): string {
  return collapseWhitespace(rawText(node, inContent, skip));
}

function rawText(node: HtmlNode, inContent: boolean, skip?: (el: HtmlElement) => boolean): string {
  // Newlines in the source are formatting, not breaks; only <br> and block boundaries break lines.
  if (isTextNode(node)) return node.data.replace(/\s+/g, ' ');
  if (!isElement(node) || isNoise(node, inContent) || skip?.(node)) return '';
  if (node.name === 'br') return '\n';
  const inner = node.children.map((child) => rawText(child, inContent, skip)).join('');
  return BLOCK_TAGS.has(node.name) ? `\n${inner}\n` : inner;
}

/** <pre> keeps its own spacing; only surrounding blank lines and trailing spaces go. */
export function preformattedText(el: HtmlElement): string {
  return DomUtils.textContent(el)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
