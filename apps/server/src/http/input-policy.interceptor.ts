import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UnsupportedMediaTypeException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { findInputProblem, PROVIDER_WEBHOOK, ValidationFailed } from '@confab/plugin-sdk';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_ONLY = ['application/json'];

/** The media type without parameters: `application/json; charset=utf-8` is `application/json`. */
function mediaType(req: Request): string | undefined {
  return req.headers['content-type']?.split(';')[0].trim().toLowerCase() || undefined;
}

/** A body is there when it has bytes; an empty POST (content-length 0) is no body, whatever its content type. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The edge every request crosses after authentication and before pipes (class-transformer) and handlers: a body
 * the route cannot read is a 415, JSON that is not an object is named as such, and body, query and path parameters
 * follow the input policy (@confab/plugin-sdk input-policy). What a route reads besides JSON is what it documents
 * with @ApiConsumes, so the document and the check cannot disagree. Provider webhooks keep the structural caps only.
 */
@Injectable()
export class InputPolicyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const providerWebhook = this.reflector.getAllAndOverride<boolean>(PROVIDER_WEBHOOK, targets) === true;
    if (!providerWebhook && WITH_BODY.has(req.method) && hasBody(req)) {
      const accepted = this.reflector.getAllAndOverride<string[]>(DECORATORS.API_CONSUMES, targets) ?? JSON_ONLY;
      const type = mediaType(req);
      if (!type || !accepted.includes(type)) {
        const sent = req.headers['content-type'] ?? 'none';
        throw new UnsupportedMediaTypeException(`This operation reads ${accepted.join(' or ')}; the body was sent as ${sent}`);
      }
      if (type === 'application/json' && (req.body === null || typeof req.body !== 'object')) {
        throw new ValidationFailed(`The body must be a JSON object; got ${req.body === null ? 'null' : typeof req.body}`, 'body');
      }
    }
    const checkText = !providerWebhook;
    const problem = findInputProblem(req.params, '', { checkText }) ?? findInputProblem(req.query, '', { checkText }) ?? findInputProblem(req.body, '', { checkText });
    if (problem) throw new ValidationFailed(problem.message, problem.field);
    return next.handle();
  }
}
