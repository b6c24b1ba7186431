import { DynamicModule, Module } from '@nestjs/common';
import type { GatewayConfig } from '@latticelm/config';
import { ProvidersModule } from '@latticelm/providers';
import { AdminApiController } from './admin-api.controller';
import { AdminStatusService } from './admin-status.service';
import { AdminUiController } from './admin-ui.controller';
import { ConsoleAssets, consoleDir } from './console-assets';

/**
 * The admin API and console exist only when `admin.enabled`; otherwise their paths are plain 404s. The console's
 * built files are read once, here at start-up.
 */
@Module({})
export class AdminModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.admin.enabled) return { module: AdminModule };
    return {
      module: AdminModule,
      imports: [ProvidersModule],
      controllers: [AdminApiController, AdminUiController],
      providers: [AdminStatusService, { provide: ConsoleAssets, useFactory: () => ConsoleAssets.load(consoleDir()) }],
    };
  }
}
