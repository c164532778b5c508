import { DocumentFormat, DocumentParseError } from './parsed-document';

export interface FormatHints {
  contentType?: string;
  filename?: string;
  data: Buffer;
}

const CONTENT_TYPES: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

const EXTENSIONS: Record<string, DocumentFormat> = {
  md: 'markdown', markdown: 'markdown', txt: 'text', text: 'text', html: 'html', htm: 'html', xhtml: 'html', pdf: 'pdf',
};

// Servers label almost anything text/plain or octet-stream, so these only decide when nothing better does.
const VAGUE_TYPES = new Set(['text/plain', 'application/octet-stream', 'binary/octet-stream', '']);

/**
 * The format of an upload or fetched page: a specific content type, then the file extension, then the bytes
 * themselves. Binary files that are not PDFs are refused rather than embedded as garbage.
 */
export function detectFormat({ contentType, filename, data }: FormatHints): DocumentFormat {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec((filename ?? '').split(/[?#]/)[0])?.[1].toLowerCase();
  const fallback = VAGUE_TYPES.has(mime) || mime.startsWith('text/') ? 'text' : undefined;
  const format = CONTENT_TYPES[mime] ?? (extension && EXTENSIONS[extension]) ?? sniff(data) ?? fallback;
  if (format === 'pdf') return format;
  if (!format || looksBinary(data)) {
    throw new DocumentParseError('This is an unsupported file type: upload plain text, Markdown, HTML or PDF.');
  }
  return format;
}

function sniff(data: Buffer): DocumentFormat | undefined {
  const head = data.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('%pdf-')) return 'pdf';
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<html[\s>]/.test(head)) return 'html';
  return undefined;
}

/** Text never contains NUL; images, archives and office files do within their first kilobyte. */
function looksBinary(data: Buffer): boolean {
  return data.subarray(0, 1024).includes(0);
}
