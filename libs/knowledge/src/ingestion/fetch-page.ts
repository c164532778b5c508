import { safeFetch, SafeFetchError } from '@confab/net';
import type { KnowledgeFetchOptions } from '../knowledge.options';
import { detectFormat } from './parsing/parse-document';
import type { DocumentFormat } from './parsing/parsed-document';

export interface FetchedPage {
  url: string;
  data: Buffer;
  contentType: string | null;
  format: DocumentFormat;
}

/** A fetch that failed; permanent ones (404, a forbidden address, too large) fail the document at once. */
export class FetchFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'FetchFailed';
  }
}

/**
 * Fetches one page through the SSRF-safe client: private, loopback and metadata addresses are refused after DNS
 * resolution and on every redirect unless OUTBOUND_ALLOWED_HOSTS lists them; the body is capped.
 */
export async function fetchPage(url: string, options: KnowledgeFetchOptions, maxBytes: number, signal?: AbortSignal): Promise<FetchedPage> {
  let res;
  try {
    res = await safeFetch(url, {
      headers: { accept: 'text/html,application/xhtml+xml,text/markdown,text/plain,application/pdf;q=0.9,*/*;q=0.5', 'user-agent': 'ConfabKnowledgeBot/1.0' },
      timeoutMs: options.timeoutMs,
      maxBytes: maxBytes + 1,
      maxRedirects: 5,
      allowedHosts: options.allowedHosts,
      signal,
    });
  } catch (err) {
    if (err instanceof SafeFetchError) {
      const permanent = err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL' || err.code === 'TOO_MANY_REDIRECTS';
      throw new FetchFailed(`Could not fetch ${url}: ${err.message}`, !permanent);
    }
    throw new FetchFailed(`Could not fetch ${url}: ${(err as Error).message}`, true);
  }
  if (res.status < 200 || res.status >= 300) {
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new FetchFailed(`Fetching ${url} answered HTTP ${res.status}`, retryable);
  }
  if (res.truncated || res.bytes.length > maxBytes) {
    throw new FetchFailed(`The page ${url} is larger than the limit of ${(maxBytes / 1_048_576).toFixed(1)} MB (KNOWLEDGE_MAX_FILE_MB)`, false);
  }
  const contentType = res.headers['content-type'] ?? null;
  const path = new URL(res.url).pathname;
  const format = detectFormat({ contentType: contentType ?? undefined, filename: path.split('/').pop() || undefined, data: res.bytes });
  return { url: res.url, data: res.bytes, contentType, format };
}
