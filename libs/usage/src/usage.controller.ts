import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { AdminGuard } from '@latticelm/auth';
import { UsageQueryService } from './usage-query.service';

/** `/admin/api/usage` and `/admin/api/requests` (the contract in issue 12), behind the admin guard. */
@Controller('admin/api')
@UseGuards(AdminGuard)
export class UsageController {
  constructor(private readonly usage: UsageQueryService) {}

  @Get('usage')
  @Header('cache-control', 'no-store')
  totals(@Query() query: Record<string, unknown>): Promise<unknown> {
    return this.usage.usage(query);
  }

  @Get('requests')
  @Header('cache-control', 'no-store')
  requests(@Query() query: Record<string, unknown>): Promise<unknown> {
    return this.usage.requests(query);
  }
}
