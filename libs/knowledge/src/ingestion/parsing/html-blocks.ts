import { DomUtils } from 'htmlparser2';
import { attribute, HtmlElement, HtmlNode, isElement, isTextNode } from './html-dom';
import { isNoise } from './html-noise';
import { BLOCK_TAGS, elementText, lineText, preformattedText } from './html-text';
import { enterHeading, HeadingStack, headingTitles } from './heading-path';
import { BlockKind, ParsedBlock } from './parsed-document';
import { collapseWhitespace } from './plain-text';

const isList = (el: HtmlElement) => el.name === 'ul' || el.name === 'ol' || el.name === 'menu';

/**
 * Walks the content in reading order. Loose text between blocks (text directly in a <div>) is gathered into
 * a paragraph of its own, so pages that never use <p> still yield their text.
 */
export function htmlBlocks(nodes: HtmlNode[], inContent: boolean): ParsedBlock[] {
  const blocks: ParsedBlock[] = [];
  let stack: HeadingStack = [];
  let loose: string[] = [];

  const add = (kind: BlockKind, text: string) => {
    if (text.trim()) blocks.push({ kind, text, headingPath: headingTitles(stack), position: {} });
  };
  const flush = () => {
    add('paragraph', collapseWhitespace(loose.join('')));
    loose = [];
  };

  const walk = (children: HtmlNode[], content: boolean): void => {
    for (const node of children) {
      if (isTextNode(node)) loose.push(node.data);
      if (!isElement(node) || isNoise(node, content)) continue;
      if (!BLOCK_TAGS.has(node.name)) {
        if (node.name === 'br') loose.push(' ');
        else walk(node.children, content);
        continue;
      }
      flush();
      const heading = /^h([1-6])$/.exec(node.name);
      if (heading) {
        const title = lineText(node, content);
        if (!title) continue;
        stack = enterHeading(stack, Number(heading[1]), title);
        blocks.push({ kind: 'heading', level: Number(heading[1]), text: title, headingPath: headingTitles(stack), position: {} });
      } else if (isList(node)) add('list', listLines(node, 0, content).join('\n'));
      else if (node.name === 'table') {
        const caption = node.children.find((c): c is HtmlElement => isElement(c) && c.name === 'caption');
        if (caption) add('paragraph', lineText(caption, content));
        add('table', tableRows(node, content).join('\n'));
      } else if (node.name === 'dl') add('list', definitionLines(node, content).join('\n'));
      else if (node.name === 'pre') add('code', preformattedText(node));
      else if (['p', 'blockquote', 'li', 'dt', 'dd', 'figcaption', 'address', 'summary'].includes(node.name)) {
        add(node.name === 'li' ? 'list' : 'paragraph', (node.name === 'li' ? '- ' : '') + elementText(node, content));
      } else walk(node.children, content || node.name === 'main' || node.name === 'article');
      flush();
    }
  };

  walk(nodes, inContent);
  flush();
  return blocks;
}

/** Nested lists are flattened with two spaces per level, like the Markdown parser does. */
function listLines(list: HtmlElement, depth: number, content: boolean): string[] {
  const start = Number(attribute(list, 'start') ?? 1) || 1;
  const items = list.children.filter((c): c is HtmlElement => isElement(c) && c.name === 'li');
  return items.flatMap((item, i) => {
    const marker = list.name === 'ol' ? `${start + i}. ` : '- ';
    const text = lineText(item, content, isList);
    const nested = DomUtils.findAll(isList, item.children).filter((l) => !hasListAncestorWithin(l, item));
    const nestedLines = nested.flatMap((l) => listLines(l, depth + 1, content));
    return text ? [`${'  '.repeat(depth)}${marker}${text}`, ...nestedLines] : nestedLines;
  });
}

function hasListAncestorWithin(list: HtmlElement, item: HtmlElement): boolean {
  for (let p = list.parent; p && p !== item; p = p.parent) if (isElement(p) && isList(p)) return true;
  return false;
}

/** "a | b | c" per row, header row first as the source has it; nested tables are left to their own cells. */
function tableRows(table: HtmlElement, content: boolean): string[] {
  const rows: string[] = [];
  const visit = (el: HtmlElement) => {
    for (const child of el.children) {
      if (!isElement(child)) continue;
      if (child.name === 'tr') {
        const cells = child.children.filter((c): c is HtmlElement => isElement(c) && (c.name === 'td' || c.name === 'th'));
        const texts = cells.map((cell) => lineText(cell, content));
        if (texts.some(Boolean)) rows.push(texts.join(' | '));
      } else if (['thead', 'tbody', 'tfoot'].includes(child.name)) visit(child);
    }
  };
  visit(table);
  return rows;
}

function definitionLines(dl: HtmlElement, content: boolean): string[] {
  const lines: string[] = [];
  let term = '';
  for (const child of dl.children.flatMap((c) => (isElement(c) && c.name === 'div' ? c.children : [c]))) {
    if (!isElement(child)) continue;
    if (child.name === 'dt') term = lineText(child, content);
    if (child.name === 'dd') lines.push(`- ${term ? `${term}: ` : ''}${lineText(child, content)}`);
  }
  return lines;
}
