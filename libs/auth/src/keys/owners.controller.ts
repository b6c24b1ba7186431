import { Body, Controller, Delete, Get, Header, Param, Put, UseGuards } from '@nestjs/common';
import { AdminGuard } from '../admin.guard';
import { OwnersService } from './owners.service';

/** `/admin/api/owners`: owners with their spend, and their budgets. Thin: one service call each. */
@Controller('admin/api/owners')
@UseGuards(AdminGuard)
export class OwnersController {
  constructor(private readonly owners: OwnersService) {}

  @Get()
  @Header('cache-control', 'no-store')
  list(): Promise<unknown> {
    return this.owners.list();
  }

  @Get(':owner/budget')
  @Header('cache-control', 'no-store')
  getBudget(@Param('owner') owner: string): Promise<unknown> {
    return this.owners.getBudget(owner);
  }

  @Put(':owner/budget')
  @Header('cache-control', 'no-store')
  putBudget(@Param('owner') owner: string, @Body() body: unknown): Promise<unknown> {
    return this.owners.putBudget(owner, body);
  }

  @Delete(':owner/budget')
  @Header('cache-control', 'no-store')
  deleteBudget(@Param('owner') owner: string): Promise<unknown> {
    return this.owners.deleteBudget(owner);
  }
}
