import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Conflict, DomainError, Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationFailed } from '@confab/plugin-sdk';
import { loggablePath } from './loggable-path';

/**
 * The SDK's errors map by class, so a subclass keeps its status whatever code it carries (a Conflict named
 * 'NOT_FOUND' is still a 409). Checked in order; ValidationFailed's subclasses (InboundContentRefused) are 400 too.
 */
const STATUS_BY_CLASS: ReadonlyArray<readonly [abstract new (...args: never[]) => DomainError, number]> = [
  [ValidationFailed, HttpStatus.BAD_REQUEST],
  [Unauthenticated, HttpStatus.UNAUTHORIZED],
  [Forbidden, HttpStatus.FORBIDDEN],
  [NotFound, HttpStatus.NOT_FOUND],
  [Conflict, HttpStatus.CONFLICT],
  [TooManyRequests, HttpStatus.TOO_MANY_REQUESTS],
];

/** A plain DomainError (or another library's subclass) maps by code; unknown codes are 409. */
const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  KNOWLEDGE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * One error shape for the whole API: `{ code, message, details }`. The SDK's error classes map by class, other
 * domain errors by code (unknown codes are 409); class-validator failures become 400 with the fields at fault; anything else is a 500 that
 * is logged with its stack and told to the caller without internals.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const req = host.switchToHttp().getRequest();
    const { status, body } = this.toResponse(exception);
    if (exception instanceof TooManyRequests) this.tooManyHeaders(res, exception);
    if (exception instanceof Unauthenticated && exception.challenge) res.setHeader('WWW-Authenticate', exception.challenge);
    if (status >= 500) this.logger.error({ msg: 'Unhandled error', method: req.method, path: loggablePath(req.url), error: (exception as Error)?.stack ?? String(exception) });
    // A browser widget shows the wait; the seconds sit beside the message so it need not read headers.
    res.status(status).json(exception instanceof TooManyRequests ? { ...body, retryAfterSeconds: exception.details.retryAfterSeconds } : body);
  }

  /** Retry-After always; the RateLimit-* fields for the spent limit when the error names it. */
  private tooManyHeaders(res: { setHeader(name: string, value: string): void }, error: TooManyRequests): void {
    const seconds = String(error.details.retryAfterSeconds);
    res.setHeader('Retry-After', seconds);
    if (typeof error.details.limit === 'number') {
      res.setHeader('RateLimit-Limit', String(error.details.limit));
      res.setHeader('RateLimit-Remaining', '0');
      res.setHeader('RateLimit-Reset', seconds);
    }
  }

  private toResponse(exception: unknown): { status: number; body: { code: string; message: string; details: Record<string, unknown> } } {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_CLASS.find(([type]) => exception instanceof type)?.[1] ?? STATUS_BY_CODE[exception.code] ?? HttpStatus.CONFLICT;
      return { status, body: { code: exception.code, message: exception.message, details: exception.details } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: string | string[]; fields?: unknown };
      if (typeof response === 'object' && Array.isArray(response.message)) {
        const fields = response.fields ?? response.message;
        return { status, body: { code: 'VALIDATION_FAILED', message: response.message.join('; '), details: { fields } } };
      }
      const message = typeof response === 'string' ? response : (response.message as string | undefined) ?? exception.message;
      return { status, body: { code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message, details: {} } };
    }
    return { status: 500, body: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.', details: {} } };
  }
}
