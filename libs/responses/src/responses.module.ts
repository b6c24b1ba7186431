import { Module } from '@nestjs/common';
import { ProvidersModule } from '@latticelm/providers';
import { ModelsController } from './models.controller';
import { ProviderInvoker } from './provider-invoker';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';

@Module({
  imports: [ProvidersModule],
  controllers: [ResponsesController, ModelsController],
  providers: [ResponsesService, ProviderInvoker],
  exports: [ResponsesService, ProviderInvoker],
})
export class ResponsesModule {}
