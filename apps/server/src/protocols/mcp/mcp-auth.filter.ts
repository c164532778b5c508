import { type ArgumentsHost, Catch, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { Unauthenticated } from '@confab/plugin-sdk';
import { DomainErrorFilter } from '../../http/domain-error.filter';

/**
 * MCP clients learn how to authenticate from the 401's WWW-Authenticate challenge (MCP authorization spec); the
 * platform takes a tenant API key as the bearer token, so the challenge names Bearer and nothing else.
 */
@Catch()
export class McpAuthFilter extends DomainErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof UnauthorizedException || exception instanceof Unauthenticated) {
      host.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="confab", error="invalid_token", error_description="Send a tenant API key as Authorization: Bearer <key>"');
    }
    super.catch(exception, host);
  }
}
