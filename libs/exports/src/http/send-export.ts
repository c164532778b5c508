import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import type { Response } from 'express';

const logger = new Logger('Exports');

/**
 * Streams an export as an attachment. The first chunk is pulled before any header goes out, so a failing query
 * still gets a proper error answer. After that, pipeline() carries back-pressure from the socket to the cursor,
 * and a client that goes away destroys the source, which ends the cursor and frees its connection.
 */
export async function sendExport(res: Response, chunks: AsyncGenerator<string | Buffer>, headers: { contentType: string; fileName: string }): Promise<void> {
  const first = await chunks.next();
  res.status(200);
  res.setHeader('content-type', headers.contentType);
  res.setHeader('content-disposition', `attachment; filename="${headers.fileName}"`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  async function* all(): AsyncGenerator<string | Buffer> {
    try {
      if (!first.done) yield first.value;
      yield* chunks;
    } finally {
      // Reached on a normal end, an error and a client abort alike; return() on a finished generator is a no-op.
      await chunks.return(undefined);
    }
  }
  try {
    // A chunk is a whole batch of rows: two in flight are plenty.
    await pipeline(Readable.from(all(), { highWaterMark: 2 }), res);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE') logger.log({ msg: 'Export stopped: the client went away' });
    else logger.error({ msg: 'Export failed mid-stream', error: (err as Error).message });
    res.destroy();
  }
}
