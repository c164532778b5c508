import { Body, Controller, Get, HttpCode, Options, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ConversationLookup, Public, RateLimits, sourceAddress, Unauthenticated, ValidationFailed } from '@confab/plugin-sdk';
import { limitsOf, type WebWidgetConfig } from './web-widget.config';
import { bearerToken, WidgetAccess, writePreflight } from './widget-access';
import { identityHashMatches } from './identity-hash';
import { isVisitorId, newVisitorId, type WidgetSession } from './session-token';
import { widgetCustomer } from './widget-customer';
import { CreateWidgetSessionDto, WidgetConfigView, WidgetSessionView } from './widget.dto';
import type { Connection } from '@confab/plugin-sdk';

/** What a page needs before the first message: the widget's look, and a session token for this visitor. */
@ApiTags('Web widget')
@Public()
@Controller('api/v1/widget')
export class WidgetSessionsController {
  constructor(
    private readonly access: WidgetAccess,
    private readonly limits: RateLimits,
    private readonly lookup: ConversationLookup,
  ) {}

  @Options(':publicKey/config')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight: answered only for the widget\'s allowed origins' })
  @ApiNoContentResponse({ description: 'The origin is allowed' })
  @ApiForbiddenResponse({ description: 'The origin is not allowed (no CORS headers)' })
  async configPreflight(@Param('publicKey') publicKey: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.preflight(publicKey, req, res, 'GET');
  }

  @Options(':publicKey/sessions')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight: answered only for the widget\'s allowed origins' })
  @ApiNoContentResponse({ description: 'The origin is allowed' })
  @ApiForbiddenResponse({ description: 'The origin is not allowed (no CORS headers)' })
  async sessionsPreflight(@Param('publicKey') publicKey: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.preflight(publicKey, req, res, 'POST');
  }

  @Get(':publicKey/config')
  @ApiOperation({ summary: "The widget's look and settings (no secrets), for pages on its allowed origins" })
  @ApiOkResponse({ type: WidgetConfigView })
  @ApiNotFoundResponse({ description: 'No active widget has this public key' })
  @ApiForbiddenResponse({ description: 'The page origin is not in allowedOrigins' })
  async config(@Param('publicKey') publicKey: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<WidgetConfigView> {
    const connection = await this.access.connectionByKey(publicKey);
    // Reading the look is harmless from a server (no Origin); a browser page must be on an allowed origin.
    if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) this.access.admitOrigin(req, res, connection);
    res.setHeader('Cache-Control', 'no-cache');
    return configView(connection.config);
  }

  @Post(':publicKey/sessions')
  @ApiOperation({ summary: 'Starts a visitor session: a token bound to this widget, visitor and page origin (1 h)' })
  @ApiCreatedResponse({ type: WidgetSessionView })
  @ApiBadRequestResponse({ description: 'A field is malformed (named), or an identity was sent to a widget without identitySecret' })
  @ApiUnauthorizedResponse({ description: 'The identity hash is missing or wrong; nothing was stored' })
  @ApiForbiddenResponse({ description: 'The page origin is not in allowedOrigins' })
  @ApiNotFoundResponse({ description: 'No active widget has this public key' })
  @ApiTooManyRequestsResponse({ description: 'Too many new sessions from this address or on this widget; Retry-After says when to try again' })
  async start(
    @Param('publicKey') publicKey: string,
    @Body() dto: CreateWidgetSessionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WidgetSessionView> {
    const connection = await this.access.connectionByKey(publicKey);
    const origin = this.access.admitOrigin(req, res, connection);
    const limits = limitsOf(connection.config);
    await this.limits.admit([
      { policy: 'widget_session_ip', key: `${connection.id}:${sourceAddress(req)}`, perMinute: limits.sessionsPerMinutePerIp, what: 'new widget sessions from one address' },
      // Only a returning visitor id is counted: a claimed user id is not proven yet, and counting it would let anyone
      // use up a real user's sessions.
      ...(dto.visitorId ? [{ policy: 'widget_session_visitor', key: `${connection.id}:${dto.visitorId}`, perMinute: limits.sessionsPerMinutePerVisitor, what: 'new sessions of one visitor' }] : []),
      { policy: 'widget_session_connection', key: connection.id, perMinute: limits.sessionsPerMinutePerConnection, what: 'new sessions on this widget' },
    ]);
    const identity = this.verifiedIdentity(connection, dto);
    const visitorId = dto.visitorId && isVisitorId(dto.visitorId) ? dto.visitorId : newVisitorId();
    const session: Omit<WidgetSession, 'expiresAt'> = {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      visitorId,
      origin,
      ...(identity ?? {}),
      ...(identity?.name || dto.name ? { name: identity?.name ?? dto.name } : {}),
      ...(identity?.email || dto.email ? { email: identity?.email ?? dto.email } : {}),
      ...(dto.locale ? { locale: dto.locale } : {}),
    };
    const conversation = await this.lookup.latestForCustomer(connection, widgetCustomer(session).identities);
    const issued = this.access.tokens.issue(session);
    res.status(201);
    return { token: issued.token, visitorId, expiresAt: new Date(issued.session.expiresAt * 1000).toISOString(), conversationId: conversation?.id ?? null };
  }

  @Options('sessions/refresh')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight for token routes (the token decides on the actual request)' })
  @ApiNoContentResponse({ description: 'Preflight answered' })
  refreshPreflight(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    tokenRoutePreflight(req, res, 'POST');
  }

  @Post('sessions/refresh')
  @HttpCode(201)
  @ApiBearerAuth('widget-session')
  @ApiOperation({ summary: 'A fresh token for a session that has not expired yet (same visitor, identity and origin)' })
  @ApiCreatedResponse({ type: WidgetSessionView })
  @ApiUnauthorizedResponse({ description: 'The token is missing, invalid or expired: start a new session' })
  @ApiForbiddenResponse({ description: 'Used from another origin than the one the session belongs to' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<WidgetSessionView> {
    const { session, connection } = await this.access.caller(req, res, bearerToken(req));
    if (connection.config.requireIdentity && !session.userId) throw new Unauthenticated('This widget now requires a signed identity; start a new session with one');
    const { expiresAt: _old, ...rest } = session;
    const issued = this.access.tokens.issue(rest);
    const conversation = await this.lookup.latestForCustomer(connection, widgetCustomer(session).identities);
    return { token: issued.token, visitorId: session.visitorId, expiresAt: new Date(issued.session.expiresAt * 1000).toISOString(), conversationId: conversation?.id ?? null };
  }

  /** The identity the host page proved, or null for an anonymous visitor; refusals store nothing. */
  private verifiedIdentity(connection: Connection<WebWidgetConfig>, dto: CreateWidgetSessionDto): { userId: string; name?: string; email?: string } | null {
    const { identitySecret, requireIdentity } = connection.config;
    if (!dto.identity) {
      if (requireIdentity) throw new Unauthenticated('This widget requires a signed identity: call ConfabWidget.identify({ userId, hash }) with hash = HMAC-SHA256(userId, identitySecret) from your backend');
      return null;
    }
    if (!identitySecret) throw new ValidationFailed('identity cannot be verified: this widget has no identitySecret; set one on the connection or leave identity out', 'identity');
    if (!identityHashMatches(dto.identity.userId, dto.identity.hash, identitySecret)) {
      throw new Unauthenticated('identity.hash is not HMAC-SHA256(userId, identitySecret) as hex: the identity was refused and nothing was stored');
    }
    return { userId: dto.identity.userId, ...(dto.identity.name ? { name: dto.identity.name } : {}), ...(dto.identity.email ? { email: dto.identity.email } : {}) };
  }

  private async preflight(publicKey: string, req: Request, res: Response, method: string): Promise<void> {
    const connection = await this.access.connectionByKey(publicKey);
    const origin = this.access.admitOrigin(req, res, connection);
    writePreflight(res, origin, method);
  }
}

/**
 * Token routes cannot know the widget before the token arrives, and a preflight carries no token: it is answered
 * for the asking origin, and the actual request is refused unless the token was issued to that same origin.
 */
export function tokenRoutePreflight(req: Request, res: Response, methods: string): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') writePreflight(res, origin, methods);
}

export function configView(config: WebWidgetConfig): WidgetConfigView {
  return {
    title: config.title ?? 'Chat',
    greeting: config.greeting ?? null,
    color: config.color ?? '#1f6feb',
    position: config.position ?? 'right',
    language: config.language ?? 'auto',
    preChatForm: config.preChatForm ? { name: config.preChatForm.name, email: config.preChatForm.email } : null,
    awayText: config.awayText ?? null,
    requireIdentity: config.requireIdentity ?? false,
    maxMessageLength: limitsOf(config).maxMessageLength,
  };
}
