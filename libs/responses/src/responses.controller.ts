import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CompactResource, GatewayError, RequestWithPrincipal, ResponseCacheable, normalizeCompactRequest, normalizeRequest, ownerOf, requestScopeOf, scopeHeaders } from '@latticelm/api';
import { ConversationStore } from '@latticelm/conversations';
import { CompactionService } from './compaction/compaction.service';
import { ListQuery, listInputItems } from './list-input-items';
import { ResponsesService } from './responses.service';
import { SseWriter } from './sse-writer';
import { requestAbortSignal } from './request-abort-signal';
import { writeJson } from './write-json';

type GatewayRequest = Request & RequestWithPrincipal;

@Controller('v1/responses')
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly compaction: CompactionService,
    @Inject(ConversationStore) private readonly store: ConversationStore,
  ) {}

  @Post()
  @ResponseCacheable()
  async create(@Req() req: GatewayRequest, @Res() res: Response): Promise<void> {
    const request = normalizeRequest(req.body);
    const context = { owner: ownerOf(req), signal: requestAbortSignal(res), scope: requestScopeOf(req) };
    if (request.stream) {
      await this.responses.createStream(request, context, new SseWriter(res));
      return;
    }
    const body = await this.responses.createJson(request, context);
    if (!res.destroyed) writeJson(res, body, scopeHeaders(context.scope));
  }

  @Post('compact')
  @HttpCode(200)
  compact(@Req() req: GatewayRequest, @Res({ passthrough: true }) res: Response): Promise<CompactResource> {
    return this.compaction.compact(normalizeCompactRequest(req.body), { owner: ownerOf(req), signal: requestAbortSignal(res), scope: requestScopeOf(req) });
  }

  @Get(':id')
  async retrieve(@Req() req: GatewayRequest, @Param('id') id: string): Promise<unknown> {
    return (await this.find(req, id)).response;
  }

  @Delete(':id')
  async remove(@Req() req: GatewayRequest, @Param('id') id: string): Promise<unknown> {
    const deleted = await this.responses.storeCall(() => this.store.delete(ownerOf(req), id));
    if (!deleted) throw notFound(id);
    return { id, object: 'response.deleted', deleted: true };
  }

  @Get(':id/input_items')
  async inputItems(@Req() req: GatewayRequest, @Param('id') id: string, @Query() query: ListQuery): Promise<unknown> {
    return listInputItems((await this.find(req, id)).input, query);
  }

  private async find(req: GatewayRequest, id: string) {
    const record = await this.responses.storeCall(() => this.store.get(ownerOf(req), id));
    if (!record) throw notFound(id);
    return record;
  }
}

function notFound(id: string): GatewayError {
  return GatewayError.notFound(`Response with id '${id}' not found.`, 'response_not_found', 'response_id');
}
