import { Controller, Get, HttpCode, Inject, Options, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ConversationLookup, LIVE_EVENT_ID_PATTERN, LIVE_FEED, Public, sseAbortSignal, ValidationFailed, writeSse,
  type Connection, type CustomerConversation, type LiveEvent, type LiveFeed,
} from '@confab/plugin-sdk';
import type { WebWidgetConfig } from './web-widget.config';
import { bearerToken, WidgetAccess } from './widget-access';
import { tokenRoutePreflight } from './widget-sessions.controller';
import { widgetCustomer } from './widget-customer';
import { visitorEvent } from './visitor-events';
import type { WidgetSession } from './session-token';
import { VisitorWake } from './visitor-wake';

/** How often a stream without an open conversation looks for one: soon after connecting, then less often. */
const WAIT_STEPS_MS = [500, 1000, 2000, 3000, 5000];

/**
 * The visitor's live feed over Server-Sent Events (EventSource cannot send headers, so the token comes as ?token=).
 * The stream follows the visitor's open conversation; a visitor without one (nothing sent yet, or the last chat was
 * closed) waits until the first message opens one and then gets everything of it from the start.
 */
@ApiTags('Web widget')
@Public()
@Controller('api/v1/widget')
export class WidgetEventsController {
  constructor(
    private readonly access: WidgetAccess,
    private readonly lookup: ConversationLookup,
    @Inject(LIVE_FEED) private readonly feed: LiveFeed,
    private readonly wake: VisitorWake,
  ) {}

  @Options('events')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight for token routes (the token decides on the actual request)' })
  @ApiNoContentResponse({ description: 'Preflight answered' })
  preflight(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    tokenRoutePreflight(req, res, 'GET');
  }

  @Get('events')
  @ApiBearerAuth('widget-session')
  @ApiOperation({ summary: "The visitor's conversation live: typing, reply.delta, message.created, message.status, conversation.updated" })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'token', required: false, description: 'The session token (or send it as a bearer token)' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Resume after this event id (the Last-Event-ID header wins)' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Sent by EventSource when it reconnects' })
  @ApiOkResponse({ description: 'An SSE stream; ends when the session expires or the conversation is closed (reconnect)', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'lastEventId is not an event id' })
  @ApiUnauthorizedResponse({ description: 'The token is missing, invalid or expired' })
  @ApiForbiddenResponse({ description: 'Used from another origin than the one the session belongs to' })
  async events(
    @Query('token') queryToken: string | undefined,
    @Query('lastEventId') queryLastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { session, connection } = await this.access.caller(req, res, typeof queryToken === 'string' ? queryToken : bearerToken(req));
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header !== '' ? header : typeof queryLastEventId === 'string' && queryLastEventId !== '' ? queryLastEventId : undefined;
    if (lastEventId !== undefined && !LIVE_EVENT_ID_PATTERN.test(lastEventId)) {
      throw new ValidationFailed('lastEventId must be an event id as sent in the id: line (like 1733500000000-0)', 'lastEventId');
    }
    const signal = sseAbortSignal(res);
    // A stream outlives no token: at expiry it ends, and the widget reconnects with a refreshed one.
    const expiry = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1000, session.expiresAt * 1000 - Date.now()))]);
    await writeSse(res, this.follow(connection, session, lastEventId, expiry), { map: visitorEvent });
  }

  private async *follow(connection: Connection<WebWidgetConfig>, session: WidgetSession, lastEventId: string | undefined, signal: AbortSignal): AsyncGenerator<LiveEvent> {
    const customer = widgetCustomer(session);
    const identities = customer.identities;
    let conversation = await this.lookup.latestForCustomer(connection, identities);
    let from = lastEventId;
    if (conversation?.status !== 'open') {
      conversation = await this.waitForOpen(connection, customer, signal);
      if (!conversation) return;
      // Whatever the new conversation's stream holds happened after this client last saw anything.
      from = from ?? '0-0';
    }
    for await (const event of this.feed.conversation(connection.tenantId, conversation.id, { lastEventId: from, signal })) {
      yield event;
      // A closed chat ends the stream; the reconnect then waits for the visitor's next conversation.
      if (event.type === 'conversation.updated' && event.data?.status === 'closed') return;
    }
  }

  private async waitForOpen(connection: Connection<WebWidgetConfig>, customer: ReturnType<typeof widgetCustomer>, signal: AbortSignal): Promise<CustomerConversation | null> {
    for (let i = 0; !signal.aborted; i++) {
      await this.wake.wait(connection.id, customer.key, WAIT_STEPS_MS[Math.min(i, WAIT_STEPS_MS.length - 1)], signal);
      if (signal.aborted) return null;
      const found = await this.lookup.latestForCustomer(connection, customer.identities);
      if (found?.status === 'open') return found;
    }
    return null;
  }
}
