import { DynamicModule, Module } from '@nestjs/common';
import type { GatewayConfig } from '@latticelm/config';
import { ProvidersModule } from '@latticelm/providers';
import { AdminApiController } from './admin-api.controller';
import { AdminStatusService } from './admin-status.service';
import { AdminUiController } from './admin-ui.controller';

/** The admin API and page exist only when `admin.enabled`; otherwise their paths are plain 404s. */
@Module({})
export class AdminModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.admin.enabled) return { module: AdminModule };
    return {
      module: AdminModule,
      imports: [ProvidersModule],
      controllers: [AdminApiController, AdminUiController],
      providers: [AdminStatusService],
    };
  }
}
