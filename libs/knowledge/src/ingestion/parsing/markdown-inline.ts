import type { Token, Tokens } from 'marked';
import { DomUtils, parseDocument } from 'htmlparser2';
import { collapseWhitespace, decodeBasicEntities } from './plain-text';

/** Inline Markdown as the reader sees it: link text without the URL, no emphasis markers, code as text. */
export function inlineText(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineTokenText).join('');
}

function inlineTokenText(token: Token): string {
  switch (token.type) {
    case 'br':
      return '\n';
    case 'image':
      return (token as Tokens.Image).text;
    case 'codespan':
      return decodeBasicEntities((token as Tokens.Codespan).text);
    case 'html':
      return htmlToText(token.raw);
    case 'escape':
      return (token as Tokens.Escape).text;
    default:
      if ('tokens' in token && token.tokens) return inlineText(token.tokens);
      // A newline inside a text token is a soft wrap of the source, not a break the author asked for.
      return decodeBasicEntities('text' in token ? String(token.text).replace(/\n/g, ' ') : '');
  }
}

/** Raw HTML inside Markdown counts only for its text; scripts and styles are not text. */
export function htmlToText(html: string): string {
  const dom = parseDocument(html);
  DomUtils.findAll((el) => ['script', 'style', 'noscript', 'template'].includes(el.name), dom.children).forEach(
    (el) => DomUtils.removeElement(el),
  );
  return DomUtils.textContent(dom);
}

/** Hard breaks (two spaces, <br>) stay line breaks; everything else is collapsed to single spaces. */
export function paragraphText(tokens: Token[] | undefined): string {
  return inlineText(tokens)
    .split('\n')
    .map(collapseWhitespace)
    .filter(Boolean)
    .join('\n');
}

/** Nested items are flattened with two spaces per level so a chunk still shows the hierarchy. */
export function listLines(list: Tokens.List, depth = 0): string[] {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, i) => {
    const marker = list.ordered ? `${start + i}. ` : '- ';
    const check = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
    const own = item.tokens.filter((t) => t.type !== 'list' && t.type !== 'checkbox');
    const text = collapseWhitespace(own.map((t) => ('tokens' in t && t.tokens ? inlineText(t.tokens) : t.raw)).join(' '));
    const nested = item.tokens.filter((t): t is Tokens.List => t.type === 'list').flatMap((l) => listLines(l, depth + 1));
    return [`${'  '.repeat(depth)}${marker}${check}${text}`, ...nested];
  });
}

/** Header first, then one line per row: a slice of the rows is still readable next to a repeated header. */
export function tableRows(table: Tokens.Table): string[] {
  const row = (cells: Tokens.TableCell[]) => cells.map((cell) => collapseWhitespace(inlineText(cell.tokens))).join(' | ');
  return [row(table.header), ...table.rows.map(row)];
}
