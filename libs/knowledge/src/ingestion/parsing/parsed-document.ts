/** Where a piece of text came from in its source, so a citation can point back to it. */
export interface SourcePosition {
  /** 1-based page (PDF). */
  page?: number;
  /** 1-based line of the source (Markdown, plain text). */
  line?: number;
}

export const BLOCK_KINDS = ['heading', 'paragraph', 'list', 'table', 'code'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** One structural unit of a document, in reading order. */
export interface ParsedBlock {
  kind: BlockKind;
  /** Plain text; a list keeps one item per line ("- item"), a table one row per line ("a | b | c"). */
  text: string;
  /** Only for headings: 1..6. */
  level?: number;
  /** Titles of the enclosing headings, outermost first (a heading's own path includes itself). */
  headingPath: string[];
  position: SourcePosition;
}

export interface ParsedDocument {
  /** The document's own title when it names one (<title>, a first-level heading, PDF metadata). */
  title?: string;
  blocks: ParsedBlock[];
  /** PDF page count. */
  pages?: number;
  /** Absolute links found in an HTML page (for same-site crawling), in document order, de-duplicated. */
  links?: string[];
}

export const DOCUMENT_FORMATS = ['text', 'markdown', 'html', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A document that cannot be parsed; the message is shown to the operator as the document's error. */
export class DocumentParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentParseError';
  }
}
