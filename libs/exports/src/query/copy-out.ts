import type { Client } from 'pg';

/** Bytes held in memory before the database socket is paused; the consumer's pull resumes it. */
const HIGH_WATER_BYTES = 1 << 20;
/** Size of the chunks handed on: big writes, few of them. */
const CHUNK_BYTES = 256 * 1024;

/** Free chunks kept for reuse: a few more than the back-pressure lets wait, plus those being written. */
const POOL_MAX = 8;

/**
 * The 256 KB chunks of one export, given back by the consumer once the socket has written them, so an export
 * cycles through a handful of buffers instead of allocating one per 256 KB. A chunk's memory is native
 * (`arrayBuffers`) and is freed only when the young generation is collected; a chunk still queued at that moment
 * is promoted and then waits for a full collection. On a million-message export those promoted chunks were most
 * of the 20-55 MB of `arrayBuffers` the process peaked at. A consumer that gives nothing back (the job writing a
 * file) just gets fresh chunks.
 */
export class ChunkPool {
  private readonly free: ArrayBuffer[] = [];

  take(): Buffer {
    const reused = this.free.pop();
    return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(CHUNK_BYTES);
  }

  /** `chunk` (or a view of it) must no longer be referenced by anyone: its bytes are overwritten by a later take(). */
  give(chunk: Buffer): void {
    const memory = chunk.buffer as ArrayBuffer;
    if (memory.byteLength === CHUNK_BYTES && this.free.length < POOL_MAX && !this.free.includes(memory)) this.free.push(memory);
  }
}

interface PgConnection {
  query(sql: string): void;
  stream: { pause(): void; resume(): void };
}

/**
 * `COPY (...) TO STDOUT` run on a pg client as a submittable (the protocol's CopyData messages, one per row), so
 * PostgreSQL does the formatting in C and this process only moves bytes. Each row is handed to `row` to append
 * to the current chunk (a CSV row gets CRLF instead of LF there). The socket is paused while more than
 * HIGH_WATER_BYTES wait for the consumer, which carries back-pressure from the HTTP response to the database.
 */
class CopyOut {
  private readonly ready: Buffer[] = [];
  private readyBytes = 0;
  private chunk: Buffer;
  private used = 0;
  private paused = false;
  private finished = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private connection: PgConnection | null = null;
  rows = 0;
  private headerPending: boolean;
  callback?: () => void;

  constructor(
    private readonly sql: string,
    private readonly lineEnd: Buffer,
    header: boolean,
    prefix: string,
    private readonly pool: ChunkPool,
  ) {
    this.chunk = pool.take();
    this.headerPending = header;
    this.used = this.chunk.write(prefix, 0);
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.sql);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    const data = message.chunk;
    // Every CopyData message is one row ending in LF (with HEADER, the first is the header row).
    const body = data.length - 1;
    if (this.used + body + this.lineEnd.length > this.chunk.length) this.flush(body + this.lineEnd.length);
    data.copy(this.chunk, this.used, 0, body);
    this.used += body;
    this.lineEnd.copy(this.chunk, this.used);
    this.used += this.lineEnd.length;
    if (this.headerPending) this.headerPending = false;
    else this.rows++;
  }

  handleCommandComplete(): void {
    if (this.used) this.flush(0);
  }

  handleReadyForQuery(): void {
    this.finished = true;
    this.callback?.();
    this.notify();
  }

  handleError(err: Error): void {
    this.failure = err;
    this.finished = true;
    this.callback?.();
    this.notify();
  }

  // The client calls these for any query; a COPY TO never gets them but the interface expects them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  private flush(nextRow: number): void {
    this.ready.push(this.chunk.subarray(0, this.used));
    this.readyBytes += this.used;
    // A row longer than a chunk gets a chunk of its own size, which the pool does not keep.
    this.chunk = nextRow > CHUNK_BYTES ? Buffer.allocUnsafe(nextRow) : this.pool.take();
    this.used = 0;
    if (this.readyBytes > HIGH_WATER_BYTES && !this.paused) {
      this.paused = true;
      this.connection?.stream.pause();
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next chunk, or null at the end; resumes the socket once the backlog is taken. */
  async next(): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.ready.shift();
      if (chunk) {
        this.readyBytes -= chunk.length;
        if (this.paused && this.readyBytes <= HIGH_WATER_BYTES / 2) {
          this.paused = false;
          this.connection?.stream.resume();
        }
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

export interface CopyOptions {
  /** What ends each row in the output (CSV: CRLF as RFC 4180 has it; JSON Lines: LF). */
  lineEnd: '\r\n' | '\n';
  /** The first CopyData row is the header (COPY ... HEADER), not counted as a row. */
  header: boolean;
  /** Written before the first row (a byte-order mark), in the same first chunk. */
  prefix: string;
  /** Where chunks come from; a consumer that gives them back once written makes the export reuse them. */
  pool?: ChunkPool;
}

/**
 * Streams a COPY TO STDOUT statement from a client the caller owns, as chunks of about 256 KB. `onRows` gets the
 * number of data rows so far after each chunk. If the iteration stops early (the client went away), `abandon` is
 * called: the connection is mid-COPY and cannot be reused, so the caller must destroy it.
 */
export async function* copyOut(client: Client, sql: string, options: CopyOptions, onRows?: (rows: number) => void): AsyncGenerator<Buffer> {
  const copy = new CopyOut(sql, Buffer.from(options.lineEnd), options.header, options.prefix, options.pool ?? new ChunkPool());
  void client.query(copy as never);
  for (;;) {
    const chunk = await copy.next();
    if (!chunk) break;
    yield chunk;
    onRows?.(copy.rows);
  }
  onRows?.(copy.rows);
}
