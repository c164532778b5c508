import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentAuth, RequireScope, type AuthContext, type LiveEvent } from '@confab/plugin-sdk';
import { AssistantModels, modelView } from './assistant-models';
import { parseChatRequest, type ChatRequest } from './chat-request';
import { ChatTurns, type TurnUsage } from './chat-turn';
import { OpenAiErrorFilter, openAiBody, toOpenAiError } from './openai-errors';

const completionId = () => `chatcmpl-${randomUUID().replace(/-/g, '')}`;

const CHAT_BODY = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', description: 'An assistant id (or its slug) from GET /v1/models' },
    messages: { type: 'array', items: { type: 'object', required: ['role'], properties: { role: { type: 'string' }, content: {} } } },
    stream: { type: 'boolean' },
    stream_options: { type: 'object', properties: { include_usage: { type: 'boolean' } } },
    user: { type: 'string', description: 'Continues this end user\'s open conversation with the assistant' },
    tools: { type: 'array', items: { type: 'object' } },
  },
};

/**
 * OpenAI's Chat Completions API in front of the tenant's assistants (docs/protocols.md): any OpenAI client talks to
 * an assistant with its prompt, tools, knowledge and budget, and every exchange is a conversation on channel `api`.
 */
@ApiTags('OpenAI-compatible')
@ApiBearerAuth()
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
export class ChatCompletionsController {
  constructor(
    private readonly models: AssistantModels,
    private readonly turns: ChatTurns,
  ) {}

  @Get('models')
  @ApiOperation({ summary: "The tenant's assistants as OpenAI models; `id` is usable as `model`" })
  @ApiOkResponse({ description: '{object:"list", data:[{id, object:"model", created, owned_by, name, slug}]}' })
  async list(@CurrentAuth() auth: AuthContext) {
    // A switched-off assistant answers nothing, so it is not offered; asked for by name it says why (model_disabled).
    return { object: 'list', data: (await this.models.list(auth.tenantId)).filter((a) => a.enabled).map(modelView) };
  }

  @Get('models/:model')
  @ApiOperation({ summary: 'One assistant as an OpenAI model; 404 model_not_found' })
  @ApiOkResponse({ description: '{id, object:"model", created, owned_by, name, slug}' })
  async one(@CurrentAuth() auth: AuthContext, @Param('model') model: string) {
    return modelView(await this.models.resolve(auth.tenantId, model));
  }

  @Post('chat/completions')
  // Writing to an assistant is what a colleague does in a test chat: admin keys and 'conversations' keys may.
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI Chat Completions: the assistant answers through the normal pipeline; stream: true answers as server-sent events' })
  @ApiBody({ schema: CHAT_BODY })
  @ApiHeader({ name: 'X-Conversation-Id', required: false, description: 'Continue this conversation (returned on every answer)' })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ description: 'A chat.completion object, or chat.completion.chunk events ending in data: [DONE]' })
  async complete(@CurrentAuth() auth: AuthContext, @Body() body: unknown, @Headers('x-conversation-id') conversationHeader: string | undefined, @Res() res: Response): Promise<void> {
    const request = parseChatRequest(body);
    const assistant = await this.models.resolve(auth.tenantId, request.model);
    const turn = await this.turns.open(auth.tenantId, assistant, request, conversationHeader);
    res.setHeader('X-Conversation-Id', turn.conversationId);
    res.setHeader('x-request-id', `req_${randomUUID().replace(/-/g, '')}`);
    if (request.stream) return this.stream(auth.tenantId, request, turn, res);
    const messageId = await this.turns.send(auth.tenantId, turn, request);
    const answer = await this.turns.answer(auth.tenantId, turn.conversationId, messageId);
    res.status(200).json({
      id: completionId(),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{
        index: 0,
        logprobs: null,
        finish_reason: answer.toolCalls.length ? 'tool_calls' : 'stop',
        message: {
          role: 'assistant',
          content: answer.toolCalls.length ? answer.text || null : answer.text,
          refusal: null,
          annotations: [],
          ...(answer.toolCalls.length ? { tool_calls: answer.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) } : {}),
        },
      }],
      usage: answer.usage,
      service_tier: 'default',
      system_fingerprint: null,
    });
  }

  /**
   * Relays the reply's live deltas as OpenAI chunks, then whatever of the stored reply was not streamed (a fallback
   * answer, or text held back), the finish chunk, the usage chunk when asked for, and [DONE].
   */
  private async stream(tenantId: string, request: ChatRequest, turn: { conversationId: string } & Parameters<ChatTurns['send']>[1], res: Response): Promise<void> {
    const id = completionId();
    const created = Math.floor(Date.now() / 1000);
    const usageField = request.includeUsage ? { usage: null } : {};
    const chunk = (choices: unknown[], extra: Record<string, unknown> = usageField) => res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, system_fingerprint: null, choices, ...extra })}\n\n`);
    const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);

    const closed = new AbortController();
    res.on('close', () => closed.abort());
    // Everything after this id belongs to this turn; the subscription reads it even if it starts a little later.
    const after = await this.turns.feed.latestEventId(tenantId, turn.conversationId);
    const messageId = await this.turns.send(tenantId, turn, request);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    delta({ role: 'assistant', content: '', refusal: null });

    let streamed = '';
    let turnId: string | undefined;
    const follow = new AbortController();
    const relay = (async () => {
      const events: AsyncIterable<LiveEvent> = this.turns.feed.conversation(tenantId, turn.conversationId, { lastEventId: after, signal: AbortSignal.any([follow.signal, closed.signal]) });
      for await (const event of events) {
        if (event.type !== 'reply.delta') continue;
        // A retried attempt streams under a new turn id; what the first one wrote cannot be taken back, so only the first is relayed.
        turnId ??= event.data.turnId;
        if (event.data.turnId !== turnId) continue;
        streamed += event.data.text;
        delta({ content: event.data.text });
      }
    })().catch(() => undefined);

    try {
      const answer = await this.turns.answer(tenantId, turn.conversationId, messageId, closed.signal);
      follow.abort();
      await relay;
      if (answer.text.startsWith(streamed) && answer.text.length > streamed.length) delta({ content: answer.text.slice(streamed.length) });
      if (answer.toolCalls.length) {
        answer.toolCalls.forEach((c, index) => delta({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }] }));
      }
      delta({}, answer.toolCalls.length ? 'tool_calls' : 'stop');
      if (request.includeUsage) chunk([], { usage: answer.usage satisfies TurnUsage });
      res.end('data: [DONE]\n\n');
    } catch (err) {
      follow.abort();
      if (closed.signal.aborted) return;
      // After the 200 a failure travels as an error chunk, which the SDKs raise as APIError.
      res.end(`data: ${JSON.stringify(openAiBody(toOpenAiError(err)))}\n\n`);
    }
  }
}
