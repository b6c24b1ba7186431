import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestWithPrincipal, ResponseCacheable, ownerOf, requestScopeOf, scopeHeaders } from '@latticelm/api';
import { ResponsesService, requestAbortSignal } from '@latticelm/responses';
import { CountTokensService } from './count-tokens.service';
import { MessagesSseWriter } from './messages-sse-writer';
import { normalizeMessagesRequest } from './normalize-messages-request';
import { toMessage } from './to-message';

type GatewayRequest = Request & RequestWithPrincipal;

/**
 * Anthropic's Messages API on the one pipeline: the request becomes the gateway's, the Responses service routes
 * and runs it on any provider, and the answer is encoded back as a Message or its stream. `anthropic-version`
 * is accepted and not needed (there is one shape); errors take Anthropic's shape (render-error in apps/gateway).
 */
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly counter: CountTokensService,
  ) {}

  @Post()
  @ResponseCacheable()
  async create(@Req() req: GatewayRequest, @Res() res: Response): Promise<void> {
    const request = normalizeMessagesRequest(req.body);
    const context = { owner: ownerOf(req), signal: requestAbortSignal(res), scope: requestScopeOf(req) };
    if (request.stream) {
      await this.responses.createStream(request, context, new MessagesSseWriter(res));
      return;
    }
    const response = await this.responses.createJson(request, context);
    if (res.destroyed) return;
    const json = JSON.stringify(toMessage(response));
    res.writeHead(200, { ...scopeHeaders(context.scope), 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  @Post('count_tokens')
  @HttpCode(200)
  countTokens(@Req() req: GatewayRequest, @Res({ passthrough: true }) res: Response): Promise<{ input_tokens: number }> {
    const request = normalizeMessagesRequest(req.body, 'count_tokens');
    return this.counter.count(request, { owner: ownerOf(req), signal: requestAbortSignal(res), scope: requestScopeOf(req) });
  }
}
