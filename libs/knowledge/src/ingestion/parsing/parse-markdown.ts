import { Marked, type Token, type Tokens } from 'marked';
import { enterHeading, HeadingStack, headingTitles } from './heading-path';
import { htmlToText, inlineText, listLines, paragraphText, tableRows } from './markdown-inline';
import { BlockKind, ParsedBlock, ParsedDocument } from './parsed-document';
import { collapseWhitespace, normalizeNewlines } from './plain-text';

// Our own instance, so a marked.use() elsewhere in the process cannot change how documents are read.
const markdown = new Marked({ gfm: true });
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Markdown through marked's lexer: headings build the heading path, other top-level tokens become blocks with
 * the 1-based line they start on (counted from each token's raw source, which adds up to the whole input).
 */
export function parseMarkdown(source: string): ParsedDocument {
  const text = normalizeNewlines(source);
  const frontMatter = FRONT_MATTER.exec(text);
  const body = frontMatter ? text.slice(frontMatter[0].length) : text;
  let line = 1 + (frontMatter ? countNewlines(frontMatter[0]) : 0);

  let stack: HeadingStack = [];
  let title: string | undefined;
  const blocks: ParsedBlock[] = [];
  const add = (kind: BlockKind, blockText: string, start: number) => {
    if (blockText.trim()) blocks.push({ kind, text: blockText, headingPath: headingTitles(stack), position: { line: start } });
  };

  for (const token of markdown.lexer(body)) {
    // Leading blank lines belong to the token's raw text but not to where its content starts.
    const start = line + countNewlines(/^\s*/.exec(token.raw)?.[0] ?? '');
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      const headingText = collapseWhitespace(inlineText(heading.tokens));
      if (headingText) {
        stack = enterHeading(stack, heading.depth, headingText);
        if (heading.depth === 1) title ??= headingText;
        const path = headingTitles(stack);
        blocks.push({ kind: 'heading', level: heading.depth, text: headingText, headingPath: path, position: { line: start } });
      }
    } else {
      const block = toBlock(token);
      if (block) add(block.kind, block.text, start);
    }
    line += countNewlines(token.raw);
  }
  return { title: title ?? frontMatterTitle(frontMatter?.[1]), blocks };
}

function toBlock(token: Token): { kind: BlockKind; text: string } | undefined {
  switch (token.type) {
    case 'paragraph':
    case 'text':
      return { kind: 'paragraph', text: paragraphText((token as Tokens.Paragraph).tokens) };
    case 'list':
      return { kind: 'list', text: listLines(token as Tokens.List).join('\n') };
    case 'table':
      return { kind: 'table', text: tableRows(token as Tokens.Table).join('\n') };
    case 'code':
      return { kind: 'code', text: (token as Tokens.Code).text };
    case 'blockquote':
      return { kind: 'paragraph', text: quoteText((token as Tokens.Blockquote).tokens) };
    case 'html':
      return { kind: 'paragraph', text: collapseWhitespace(htmlToText(token.raw)) };
    default:
      // space, hr and link definitions carry no readable text.
      return undefined;
  }
}

/** A quote keeps its inner structure as lines of one paragraph; quoted headings are just text here. */
function quoteText(tokens: Token[]): string {
  return tokens
    .map((inner) =>
      inner.type === 'heading' ? collapseWhitespace(inlineText((inner as Tokens.Heading).tokens)) : (toBlock(inner)?.text ?? ''),
    )
    .filter((part) => part.trim())
    .join('\n');
}

function frontMatterTitle(yaml: string | undefined): string | undefined {
  const value = yaml && /^title:[ \t]*(.+)$/m.exec(yaml)?.[1].trim().replace(/^(['"])(.*)\1$/, '$2');
  return value || undefined;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}
