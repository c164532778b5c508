import { createHash } from 'node:crypto';
import { ValidationFailed } from '@confab/plugin-sdk';
import { detectFormat } from '../ingestion/parsing/parse-document';
import { DocumentParseError, type DocumentFormat } from '../ingestion/parsing/parsed-document';
import { outboundUrlProblem } from '@confab/net';

/** What an operator handed in, before it becomes a document row. */
export type DocumentSubmission =
  | { kind: 'text'; title: string; text: string; format?: 'text' | 'markdown' | 'html' }
  | { kind: 'file'; filename: string; contentType?: string; data: Buffer; title?: string }
  | { kind: 'url'; url: string; title?: string; crawlDepth?: number };

export interface Intake {
  source: 'text' | 'file' | 'url';
  title: string;
  format: DocumentFormat | null;
  filename: string | null;
  contentType: string | null;
  url: string | null;
  crawlDepth: number;
  data: Buffer | null;
  contentHash: string | null;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Normalises a submission and refuses what cannot be indexed, before anything is stored. */
export function intake(submission: DocumentSubmission, maxFileBytes: number, maxCrawlDepth: number): Intake {
  switch (submission.kind) {
    case 'text': {
      const data = Buffer.from(submission.text, 'utf8');
      if (!submission.text.trim()) throw new ValidationFailed('text must not be empty', 'text');
      tooLarge(data.length, maxFileBytes, 'text');
      const format = submission.format ?? (/^\s*#{1,6}\s|\n#{1,6}\s|\n\|.*\|\s*\n/.test(submission.text) ? 'markdown' : 'text');
      return { source: 'text', title: submission.title, format, filename: null, contentType: null, url: null, crawlDepth: 0, data, contentHash: sha256(data) };
    }
    case 'file': {
      tooLarge(submission.data.length, maxFileBytes, 'file');
      if (!submission.data.length) throw new ValidationFailed('The uploaded file is empty', 'file');
      let format: DocumentFormat;
      try {
        format = detectFormat({ contentType: submission.contentType, filename: submission.filename, data: submission.data });
      } catch (err) {
        if (err instanceof DocumentParseError) throw new ValidationFailed(`${err.message}; upload text, Markdown, HTML or PDF`, 'file');
        throw err;
      }
      const title = submission.title?.trim() || submission.filename.replace(/\.[a-z0-9]+$/i, '');
      return {
        source: 'file', title, format, filename: submission.filename, contentType: submission.contentType ?? null, url: null, crawlDepth: 0,
        data: submission.data, contentHash: sha256(submission.data),
      };
    }
    case 'url': {
      const problem = outboundUrlProblem(submission.url);
      if (problem) throw new ValidationFailed(`url ${problem}`, 'url');
      const url = new URL(submission.url);
      const depth = submission.crawlDepth ?? 0;
      if (!Number.isInteger(depth) || depth < 0 || depth > maxCrawlDepth) {
        throw new ValidationFailed(`crawlDepth must be a whole number from 0 to ${maxCrawlDepth}`, 'crawlDepth');
      }
      url.hash = '';
      return { source: 'url', title: submission.title?.trim() || url.toString(), format: null, filename: null, contentType: null, url: url.toString(), crawlDepth: depth, data: null, contentHash: null };
    }
  }
}

function tooLarge(size: number, max: number, field: string): void {
  if (size > max) {
    throw new ValidationFailed(`The ${field} is ${(size / 1_048_576).toFixed(1)} MB; the limit is ${(max / 1_048_576).toFixed(1)} MB (KNOWLEDGE_MAX_FILE_MB)`, field, { limitBytes: max, sizeBytes: size });
  }
}
