import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ForbiddenException, GoneException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Db } from '@confab/persistence';
import { NotFound } from '@confab/plugin-sdk';
import { EXPORT_QUEUE, EXPORTS_OPTIONS, type ExportsOptions } from '../exports.options';
import { ExportService, exportRequest, contentType, fileName } from '../export.service';
import type { CreateExportDto } from '../http/exports.dto';
import type { ExportView } from '../http/export.views';
import { DownloadLinkSigner } from './download-link';
import { ExportJob } from './export-job.entity';

export interface ExportJobData {
  tenantId: string;
  exportId: string;
}

/** Progress is written at most this often: the dashboard polls, and the row is not worth a write per chunk. */
const PROGRESS_EVERY_MS = 500;

/** Background exports: queued as Bull jobs, written to a file, handed out through a signed, expiring link. */
@Injectable()
export class ExportJobs {
  private readonly logger = new Logger('Exports');
  private readonly signer: DownloadLinkSigner;

  constructor(
    private readonly db: Db,
    private readonly exports: ExportService,
    @InjectQueue(EXPORT_QUEUE) private readonly queue: Queue<ExportJobData>,
    @Inject(EXPORTS_OPTIONS) private readonly options: ExportsOptions,
  ) {
    this.signer = new DownloadLinkSigner(options.signingKey);
  }

  async create(tenantId: string, dto: CreateExportDto): Promise<{ id: string }> {
    const job = await this.db.transaction(tenantId, async (em) => {
      const row = Object.assign(new ExportJob(), { tenantId, level: dto.level, format: dto.format ?? 'csv', params: JSON.parse(JSON.stringify(dto)) as Record<string, unknown> });
      em.persist(row);
      await em.flush();
      return row;
    });
    await this.queue.add({ tenantId, exportId: job.id }, { jobId: `export:${job.id}`, attempts: 1, removeOnComplete: true, removeOnFail: 1000 });
    return { id: job.id };
  }

  async view(tenantId: string, id: string): Promise<ExportView> {
    const job = await this.db.forTenant(tenantId).findOne(ExportJob, { id });
    if (!job) throw new NotFound('export', id);
    const expired = job.status === 'expired' || (job.expiresAt !== null && job.expiresAt !== undefined && job.expiresAt.getTime() <= Date.now());
    const status = job.status === 'done' && expired ? 'expired' : job.status;
    return {
      id: job.id,
      level: job.level,
      format: job.format,
      status,
      rowsDone: job.rowsDone,
      rowsTotal: job.rowsTotal ?? null,
      bytes: job.bytes ?? null,
      downloadUrl: status === 'done' && job.expiresAt ? this.downloadUrl(job.id, tenantId, job.expiresAt.getTime()) : null,
      expiresAt: job.expiresAt ?? null,
      error: job.error ?? null,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt ?? null,
    };
  }

  private downloadUrl(id: string, tenantId: string, expiresAt: number): string {
    const signature = this.signer.sign(id, tenantId, expiresAt);
    return `${this.options.publicUrl.replace(/\/$/, '')}/api/v1/exports/${id}/download?expires=${expiresAt}&signature=${signature}`;
  }

  /** The processor's work: count, stream into a part file, rename when complete, record the outcome. */
  async run({ tenantId, exportId }: ExportJobData): Promise<void> {
    const em = this.db.forTenant(tenantId);
    const job = await em.findOne(ExportJob, { id: exportId });
    // 'running' too: a worker that died mid-export leaves its job stalled, and Bull hands it to another worker,
    // which starts the file again from the beginning.
    if (!job || (job.status !== 'queued' && job.status !== 'running')) return;
    const request = exportRequest(job.level, job.params as Parameters<typeof exportRequest>[1]);
    // Dates went through JSON in params; the filter wants instants.
    if (request.filter.from) request.filter.from = new Date(request.filter.from);
    if (request.filter.to) request.filter.to = new Date(request.filter.to);
    const directory = join(this.options.directory, tenantId);
    const path = join(directory, `${exportId}.${job.format}`);
    try {
      await mkdir(directory, { recursive: true });
      const rowsTotal = await this.exports.count(tenantId, request);
      await em.nativeUpdate(ExportJob, { id: exportId }, { status: 'running', startedAt: new Date(), rowsTotal });
      let rowsDone = 0;
      let lastWrite = 0;
      let progress: Promise<unknown> = Promise.resolve();
      const chunks = await this.exports.chunks(tenantId, request, (done) => {
        rowsDone = done;
        if (Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = Date.now();
        // Chained, so progress writes never overtake each other or the final update below.
        progress = progress.then(() => em.nativeUpdate(ExportJob, { id: exportId }, { rowsDone: done })).catch(() => undefined);
      });
      await pipeline(Readable.from(chunks, { highWaterMark: 2 }), createWriteStream(`${path}.part`));
      await progress;
      await rename(`${path}.part`, path);
      const { size } = await stat(path);
      const finishedAt = new Date();
      await em.nativeUpdate(ExportJob, { id: exportId }, { status: 'done', rowsDone, bytes: size, filePath: path, finishedAt, expiresAt: new Date(finishedAt.getTime() + this.options.linkTtlMs) });
    } catch (err) {
      await rm(`${path}.part`, { force: true });
      await em.nativeUpdate(ExportJob, { id: exportId }, { status: 'failed', error: (err as Error).message, finishedAt: new Date() });
      this.logger.error({ msg: 'Background export failed', tenantId, exportId, error: (err as Error).message });
    }
  }

  /**
   * A download link's own authority: a wrong signature (or a changed expiry) is 403, a genuine but expired link
   * or a deleted file is 410. The export is looked up by id across tenants only after the signature, which
   * names the tenant, has been checked.
   */
  async openDownload(id: string, expires: number, signature: string): Promise<{ file: Readable; contentType: string; fileName: string; bytes: number }> {
    const job = await this.db.platform().findOne(ExportJob, { id }, { filters: false });
    if (!job || !this.signer.verify(id, job.tenantId, expires, signature)) throw new ForbiddenException('This download link is not valid');
    if (expires <= Date.now() || job.status !== 'done' || !job.filePath) throw new GoneException('This download link has expired; start the export again');
    const bytes = await stat(job.filePath).then((s) => s.size).catch(() => null);
    if (bytes === null) throw new GoneException('This export file is no longer available; start the export again');
    return { file: createReadStream(job.filePath), contentType: contentType(job.format), fileName: fileName(job.level, job.format, job.finishedAt ?? job.createdAt), bytes };
  }

  /** Deletes the files of expired exports and marks them so; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const em = this.db.platform();
    const expired = await em.find(ExportJob, { status: 'done', expiresAt: { $lte: now } }, { filters: false, limit: 500 });
    for (const job of expired) {
      if (job.filePath) await rm(job.filePath, { force: true });
      await em.nativeUpdate(ExportJob, { id: job.id }, { status: 'expired', filePath: null }, { filters: false });
    }
    if (expired.length) this.logger.log({ msg: 'Deleted expired export files', count: expired.length });
    return expired.length;
  }
}
