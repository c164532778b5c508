import { type BeforeApplicationShutdown, Controller, Get, Headers, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { Db } from '@confab/persistence';
import {
  CurrentAuth, LIVE_EVENT_ID_PATTERN, LIVE_FEED, NotFound, ParseUuidParam, sseAbortSignal, TooManyRequests, ValidationFailed, writeSse,
  type AuthContext, type LiveEvent, type LiveFeed, type WriteSseOptions,
} from '@confab/plugin-sdk';
import { Conversation } from '../entities/conversation.entity';

export class LiveQueryDto {
  @ApiPropertyOptional({ description: 'Resume after this event id (for clients that cannot send the Last-Event-ID header)', example: '1733500000000-0' })
  @IsOptional()
  @IsString()
  @MaxLength(41)
  @Matches(LIVE_EVENT_ID_PATTERN, { message: 'lastEventId must be an event id as sent in the id: line (like 1733500000000-0)' })
  lastEventId?: string;
}

/** Open live streams per tenant in this process: a tenant cannot hold every connection of an API process. */
const MAX_STREAMS_PER_TENANT = 200;

const STREAM_DESCRIPTION =
  'Server-Sent Events (text/event-stream). Each event has an `id:` (send it back as Last-Event-ID to resume after it), ' +
  'an `event:` type and JSON `data:`. A comment line is sent every 15 s while nothing happens.';

@ApiTags('Live')
@ApiBearerAuth()
@Controller('api/v1')
export class LiveController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly open = new Map<string, number>();
  /** Streams never end by themselves: on shutdown they are ended, or the HTTP server would wait for them forever. */
  private readonly responses = new Set<Response>();

  constructor(
    private readonly db: Db,
    @Inject(LIVE_FEED) private readonly feed: LiveFeed,
  ) {}

  @Get('conversations/:id/live')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (EventSource sends it when it reconnects)' })
  @ApiOkResponse({
    description: `${STREAM_DESCRIPTION} Events: typing {active}, reply.delta {turnId, seq, text} (append to the reply being written), ` +
      'message.created (a message), message.status {messageId, status, errorCode?, errorMessage?}, conversation.updated ' +
      '{status, owner, handedOver?, lastMessageAt, messageCount, costMicros}.',
    schema: { type: 'string' },
  })
  @ApiBadRequestResponse({ description: 'lastEventId (or Last-Event-ID) is not an event id' })
  @ApiNotFoundResponse({ description: 'No such conversation in this tenant' })
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open for this tenant' })
  async conversation(
    @CurrentAuth() auth: AuthContext,
    @Param('id', ParseUuidParam) id: string,
    @Query() q: LiveQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = resumeFrom(lastEventIdHeader, q.lastEventId);
    const found = await this.db.forTenant(auth.tenantId).count(Conversation, { id });
    if (!found) throw new NotFound('conversation', id);
    await this.serve(auth.tenantId, res, (signal) => this.feed.conversation(auth.tenantId, id, { lastEventId, signal }));
  }

  @Get('live')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (EventSource sends it when it reconnects)' })
  @ApiOkResponse({
    description: `${STREAM_DESCRIPTION} The tenant's feed for lists of conversations: message.created and conversation.updated ` +
      'of every conversation, each with its conversationId.',
    schema: { type: 'string' },
  })
  @ApiBadRequestResponse({ description: 'lastEventId (or Last-Event-ID) is not an event id' })
  @ApiTooManyRequestsResponse({ description: 'Too many live streams open for this tenant' })
  async tenant(@CurrentAuth() auth: AuthContext, @Query() q: LiveQueryDto, @Headers('last-event-id') lastEventIdHeader: string | undefined, @Res() res: Response): Promise<void> {
    const lastEventId = resumeFrom(lastEventIdHeader, q.lastEventId);
    // Each event names its conversation: the list needs to know which row changed.
    await this.serve(auth.tenantId, res, (signal) => this.feed.tenant(auth.tenantId, { lastEventId, signal }), (e) => ({
      event: e.type,
      data: { conversationId: e.conversationId, ...e.data },
    }));
  }

  beforeApplicationShutdown(): void {
    // Clients reconnect (to another process) with their Last-Event-ID and lose nothing.
    for (const res of this.responses) res.end();
  }

  private async serve(
    tenantId: string,
    res: Response,
    follow: (signal: AbortSignal) => AsyncIterable<LiveEvent>,
    map?: WriteSseOptions['map'],
  ): Promise<void> {
    const open = this.open.get(tenantId) ?? 0;
    if (open >= MAX_STREAMS_PER_TENANT) throw new TooManyRequests(`At most ${MAX_STREAMS_PER_TENANT} live streams may be open per tenant; close one first`, 5_000);
    this.open.set(tenantId, open + 1);
    this.responses.add(res);
    try {
      const signal = sseAbortSignal(res);
      const onError = (err: unknown) => this.logger.warn(`A live stream ended on an error; its client resumes from its last event (${(err as Error).message})`);
      await writeSse(res, follow(signal), { map, onError });
    } finally {
      this.responses.delete(res);
      const left = (this.open.get(tenantId) ?? 1) - 1;
      if (left > 0) this.open.set(tenantId, left);
      else this.open.delete(tenantId);
    }
  }
}

/** The header wins (EventSource sets it on reconnect); the query is for clients that cannot set headers. */
function resumeFrom(header: string | undefined, query: string | undefined): string | undefined {
  const value = header?.trim() || query;
  if (value === undefined || value === '') return undefined;
  if (!LIVE_EVENT_ID_PATTERN.test(value)) throw new ValidationFailed('Last-Event-ID must be an event id as sent in the id: line (like 1733500000000-0)', 'lastEventId');
  return value;
}
