import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { RequestWithPrincipal } from '@latticelm/api';
import { AdminGuard } from '../admin.guard';
import { ApiKeysService } from './api-keys.service';

/** `/admin/api/keys`: the admin API's key routes (the contract in issue 12). Thin: one service call each. */
@Controller('admin/api/keys')
@UseGuards(AdminGuard)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  create(@Body() body: unknown, @Req() req: RequestWithPrincipal): Promise<unknown> {
    return this.keys.create(body, req.principal);
  }

  @Get()
  @Header('cache-control', 'no-store')
  list(): Promise<unknown> {
    return this.keys.list();
  }

  @Get(':id')
  @Header('cache-control', 'no-store')
  get(@Param('id') id: string): Promise<unknown> {
    return this.keys.get(id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  rotate(@Param('id') id: string): Promise<unknown> {
    return this.keys.rotate(id);
  }

  @Delete(':id')
  @Header('cache-control', 'no-store')
  revoke(@Param('id') id: string): Promise<unknown> {
    return this.keys.revoke(id);
  }
}
