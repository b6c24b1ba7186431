import { Module } from '@nestjs/common';
import { ProvidersModule } from '@latticelm/providers';
import { ChatCompletionsController } from './chat-completions/chat-completions.controller';
import { CompactionService } from './compaction/compaction.service';
import { ModelsController } from './models.controller';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';

@Module({
  imports: [ProvidersModule],
  controllers: [ResponsesController, ChatCompletionsController, ModelsController],
  // ProviderInvoker comes from the composition root (apps/gateway), which builds the provider call chains.
  providers: [ResponsesService, CompactionService],
  exports: [ResponsesService],
})
export class ResponsesModule {}
