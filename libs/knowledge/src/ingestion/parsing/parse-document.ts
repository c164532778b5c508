import { parseText } from './parse-text';
import { DocumentFormat, DocumentParseError, ParsedDocument } from './parsed-document';

export { detectFormat, type FormatHints } from './detect-format';

export interface ParseDocumentInput {
  format: DocumentFormat;
  data: Buffer;
  /** Address of a fetched page, to resolve its relative links. */
  baseUrl?: string;
  /** Longest PDF accepted, in pages. */
  maxPages?: number;
}

// TextDecoder drops a leading BOM by default, so the first heading or line is read as written.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/** UTF-8 as agreed; an old Latin-1 export would otherwise turn every umlaut into a replacement character. */
function decodeText(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    return windows1252.decode(data);
  }
}

/** One entry point for every format; a document without any text is an error, not an empty knowledge source. */
export async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  const doc = await parseByFormat(input);
  if (!doc.blocks.some((block) => block.text.trim())) throw new DocumentParseError('The document contains no text');
  return doc;
}

// The parsers (htmlparser2 with its entity tables, marked, unpdf) load with the first document of their format,
// not at start: only a worker ingesting documents needs them, and every process would hold them (issues 9, 16).
async function parseByFormat({ format, data, baseUrl, maxPages }: ParseDocumentInput): Promise<ParsedDocument> {
  switch (format) {
    case 'pdf':
      return (await import('./parse-pdf')).parsePdf(data, { maxPages });
    case 'html':
      return (await import('./parse-html')).parseHtml(decodeText(data), { baseUrl });
    case 'markdown':
      return (await import('./parse-markdown')).parseMarkdown(decodeText(data));
    case 'text':
      return parseText(decodeText(data));
    default:
      throw new DocumentParseError(`Unknown document format: ${String(format satisfies never)}`);
  }
}
