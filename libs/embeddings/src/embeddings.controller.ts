import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestScopeOf } from '@latticelm/api';
import { requestAbortSignal } from '@latticelm/responses';
import { EmbeddingsResponse } from './embeddings-response';
import { EmbeddingsService } from './embeddings.service';
import { normalizeEmbeddingsRequest } from './normalize-embeddings-request';

@Controller('v1/embeddings')
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post()
  @HttpCode(200)
  create(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<EmbeddingsResponse> {
    return this.embeddings.create(normalizeEmbeddingsRequest(req.body), { scope: requestScopeOf(req), signal: requestAbortSignal(res) });
  }
}
