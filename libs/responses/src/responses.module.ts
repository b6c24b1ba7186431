import { Module } from '@nestjs/common';
import { ProvidersModule } from '@latticelm/providers';
import { CompactionService } from './compaction/compaction.service';
import { ModelsController } from './models.controller';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';

@Module({
  imports: [ProvidersModule],
  controllers: [ResponsesController, ModelsController],
  // ProviderInvoker comes from the composition root (apps/gateway), which builds the provider call chains.
  providers: [ResponsesService, CompactionService],
  exports: [ResponsesService],
})
export class ResponsesModule {}
