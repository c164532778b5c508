import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, TooManyRequests } from '@confab/plugin-sdk';

/** An error as OpenAI's API reports it, so every OpenAI SDK raises the class its callers already handle. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, param: string, code = 'invalid_value') => new OpenAiError(400, message, 'invalid_request_error', param, code);

export function openAiBody(error: OpenAiError) {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
}

/** What the platform's own errors are in OpenAI's terms. */
export function toOpenAiError(exception: unknown): OpenAiError {
  if (exception instanceof OpenAiError) return exception;
  if (exception instanceof TooManyRequests) return new OpenAiError(429, exception.message, 'requests', null, 'rate_limit_exceeded');
  if (exception instanceof DomainError) {
    const field = typeof exception.details.field === 'string' ? exception.details.field : null;
    if (exception.code === 'VALIDATION_FAILED') return new OpenAiError(400, exception.message, 'invalid_request_error', field, 'invalid_value');
    if (exception.code === 'NOT_FOUND') return new OpenAiError(404, exception.message, 'invalid_request_error', null, 'not_found');
    return new OpenAiError(409, exception.message, 'invalid_request_error', null, exception.code.toLowerCase());
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as string | { message?: string | string[] };
    const message = typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : (response.message ?? exception.message);
    if (status === 401) return new OpenAiError(401, `Incorrect API key provided: ${message}`, 'invalid_request_error', null, 'invalid_api_key');
    if (status === 403) return new OpenAiError(403, message, 'invalid_request_error', null, 'insufficient_permissions');
    if (status === 413) return new OpenAiError(413, message, 'invalid_request_error', null, 'request_too_large');
    if (status === 415) return new OpenAiError(400, message, 'invalid_request_error', null, 'invalid_content_type');
    return new OpenAiError(status, message, status >= 500 ? 'server_error' : 'invalid_request_error', null, null);
  }
  return new OpenAiError(500, 'The server had an error while processing your request; it has been logged.', 'server_error');
}

/**
 * The /v1 routes answer in OpenAI's error shape, with `param` naming the field, `x-request-id`, and Retry-After on
 * 429, because their callers are OpenAI SDKs and tools built on them, which read exactly that.
 */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OpenAiCompat');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toOpenAiError(exception);
    if (error.status >= 500) this.logger.error({ msg: 'Unhandled error', error: (exception as Error)?.stack ?? String(exception) });
    if (res.headersSent) {
      // A stream already started: the failure travels as an error chunk, which the SDKs raise as APIError.
      res.end(`data: ${JSON.stringify(openAiBody(error))}\n\n`);
      return;
    }
    // A spent quota does not come back by retrying; the SDKs honour this header over their status rule.
    if (error.code === 'insufficient_quota') res.setHeader('x-should-retry', 'false');
    if (exception instanceof TooManyRequests) {
      res.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
      res.setHeader('x-should-retry', 'true');
    }
    res.setHeader('x-request-id', `req_${randomUUID().replace(/-/g, '')}`);
    res.status(error.status).json(openAiBody(error));
  }
}
