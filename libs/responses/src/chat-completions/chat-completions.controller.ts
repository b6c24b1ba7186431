import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestWithPrincipal, ResponseCacheable, normalizeChatCompletionsRequest, ownerOf, requestScopeOf, scopeHeaders } from '@latticelm/api';
import { ResponsesService } from '../responses.service';
import { requestAbortSignal } from '../request-abort-signal';
import { writeJson } from '../write-json';
import { ChatCompletionsSseWriter } from './chat-completions-sse-writer';
import { toChatCompletion } from './to-chat-completion';

/**
 * POST /v1/chat/completions: OpenAI's Chat Completions as an edge of the one pipeline. The body becomes a
 * NormalizedRequest; routing, fallbacks, breakers, limits and the store are ResponsesService's; only the
 * encoding of its answer differs. Errors have OpenAI's shape already (`{error: {message, type, param, code}}`).
 */
@Controller('v1/chat')
export class ChatCompletionsController {
  constructor(private readonly responses: ResponsesService) {}

  @Post('completions')
  @ResponseCacheable()
  async create(@Req() req: Request & RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const { request, includeUsage } = normalizeChatCompletionsRequest(req.body);
    const context = { owner: ownerOf(req), signal: requestAbortSignal(res), scope: requestScopeOf(req) };
    if (request.stream) {
      await this.responses.createStream(request, context, new ChatCompletionsSseWriter(res, includeUsage));
      return;
    }
    const response = await this.responses.createJson(request, context);
    if (!res.destroyed) writeJson(res, toChatCompletion(response), scopeHeaders(context.scope));
  }
}
