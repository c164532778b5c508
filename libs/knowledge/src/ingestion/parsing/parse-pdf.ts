import { extractTextItems, getDocumentProxy, getMeta, getResolvedPDFJS } from 'unpdf';
import { DocumentParseError, ParsedBlock, ParsedDocument } from './parsed-document';
import { pdfParagraphs } from './pdf-paragraphs';

export interface ParsePdfOptions {
  /** Refuse longer documents before extracting any text. */
  maxPages?: number;
}

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

/** A PDF's text as paragraphs per page; a damaged or locked file becomes a DocumentParseError the operator can read. */
export async function parsePdf(data: Uint8Array, options: ParsePdfOptions = {}): Promise<ParsedDocument> {
  // Loading pdf.js itself can fail (a dynamic import); that is our fault, not the document's, so it is not
  // turned into a DocumentParseError that would blame the upload.
  await getResolvedPDFJS();
  // pdf.js may take over the buffer it is given; a copy leaves the caller's bytes intact.
  const pdf = await openPdf(new Uint8Array(data));
  try {
    if (options.maxPages !== undefined && pdf.numPages > options.maxPages) {
      throw new DocumentParseError(`The PDF has ${pdf.numPages} pages, more than the limit of ${options.maxPages} pages.`);
    }
    const { items } = await extractTextItems(pdf).catch((error: unknown) => Promise.reject(readError(error)));
    const blocks: ParsedBlock[] = items.flatMap((pageItems, i) =>
      pdfParagraphs(pageItems).map((text) => ({ kind: 'paragraph' as const, text, headingPath: [], position: { page: i + 1 } })),
    );
    const title = await pdfTitle(pdf);
    return { ...(title ? { title } : {}), blocks, pages: pdf.numPages };
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function openPdf(data: Uint8Array): Promise<PdfProxy> {
  try {
    return await getDocumentProxy(data, { verbosity: 0 });
  } catch (error) {
    throw readError(error);
  }
}

function readError(error: unknown): DocumentParseError {
  if (error instanceof DocumentParseError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const reason =
    name === 'PasswordException'
      ? 'it is protected by a password.'
      : name === 'InvalidPDFException'
        ? `the file is damaged or not a PDF (${message}).`
        : message;
  return new DocumentParseError(`The PDF could not be read: ${reason}`);
}

/** Metadata is optional and often junk; a missing or unreadable title is simply no title. */
async function pdfTitle(pdf: PdfProxy): Promise<string | undefined> {
  try {
    const { info, metadata } = await getMeta(pdf);
    const fromInfo = typeof info['Title'] === 'string' ? info['Title'].trim() : '';
    const fromXmp = typeof metadata?.get === 'function' ? String(metadata.get('dc:title') ?? '').trim() : '';
    return fromInfo || fromXmp || undefined;
  } catch {
    return undefined;
  }
}
