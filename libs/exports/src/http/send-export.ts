import { Logger } from '@nestjs/common';
import type { Response } from 'express';

const logger = new Logger('Exports');

/**
 * Streams an export as an attachment. The first chunk is pulled before any header goes out, so a failing query
 * still gets a proper error answer. After that each chunk is written once the socket has taken the one before
 * (back-pressure from the socket to the COPY), and handed to `written` when the socket is done with it, so its
 * buffer can be reused. A client that goes away ends the chunks, which ends the COPY and frees its connection.
 */
export async function sendExport(
  res: Response,
  chunks: AsyncGenerator<Buffer>,
  headers: { contentType: string; fileName: string },
  written: (chunk: Buffer) => void = () => {},
): Promise<void> {
  const first = await chunks.next();
  res.status(200);
  res.setHeader('content-type', headers.contentType);
  res.setHeader('content-disposition', `attachment; filename="${headers.fileName}"`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  const gone = new Promise<never>((_, reject) => {
    res.once('close', () => {
      if (!res.writableFinished) reject(Object.assign(new Error('the client went away'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
    res.once('error', reject);
  });
  gone.catch(() => {});
  try {
    let next = first;
    while (!next.done) {
      const chunk = next.value;
      if (!res.write(chunk, (err) => err || written(chunk))) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), gone]);
      next = await Promise.race([chunks.next(), gone]);
    }
    await Promise.race([new Promise<void>((resolve) => res.end(resolve)), gone]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE') logger.log({ msg: 'Export stopped: the client went away' });
    else logger.error({ msg: 'Export failed mid-stream', error: (err as Error).message });
    res.destroy();
  } finally {
    // Reached on a normal end, an error and a client abort alike; return() on a finished generator is a no-op.
    await chunks.return(undefined);
  }
}
