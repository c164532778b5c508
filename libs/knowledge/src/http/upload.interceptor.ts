import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { DomainError, findInputProblem, ValidationFailed } from '@confab/plugin-sdk';
import { KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';

/** Thrown for an upload over the size limit; the server maps it to 413. */
export class PayloadTooLarge extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PAYLOAD_TOO_LARGE', message, details);
  }
}

/**
 * Reads a multipart `file` field into memory with the configured size limit (JSON bodies pass through). Multer's
 * own errors say "File too large"; this names the limit and the setting that raises it.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(@Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions) {
    this.upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: options.limits.maxFileBytes, files: 1 } }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest();
    if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) return next.handle();
    await new Promise<void>((resolve, reject) =>
      this.upload(req, http.getResponse(), (err: unknown) => {
        if (!err) return resolve();
        const limit = this.options.limits.maxFileBytes;
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
          return reject(new PayloadTooLarge(`The file is larger than the limit of ${(limit / 1_048_576).toFixed(1)} MB (KNOWLEDGE_MAX_FILE_MB)`, { field: 'file', limitBytes: limit }));
        }
        if (err instanceof multer.MulterError) return reject(new DomainError('VALIDATION_FAILED', `Upload refused: ${err.message} (send one file in the field "file")`, { field: err.field ?? 'file' }));
        // Everything else busboy raises is about the bytes sent: a form cut off ("Unexpected end of form"), a
        // missing boundary, a malformed part header.
        reject(new ValidationFailed(`The multipart body could not be read: ${(err as Error).message}`, 'file'));
      }),
    );
    // The form's text fields exist only now, after the server-wide input check ran on an empty body.
    const problem = findInputProblem(req.body, '') ?? findInputProblem(req.file?.originalname, 'file');
    if (problem) throw new ValidationFailed(problem.message, problem.field);
    return next.handle();
  }
}
