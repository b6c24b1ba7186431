import { Module } from '@nestjs/common';
import { ProvidersModule } from '@latticelm/providers';
import { EmbeddingsController } from './embeddings.controller';
import { EmbeddingsService } from './embeddings.service';

@Module({
  imports: [ProvidersModule],
  controllers: [EmbeddingsController],
  // EmbeddingsInvoker comes from the composition root (apps/gateway), which builds the provider call chains.
  providers: [EmbeddingsService],
})
export class EmbeddingsModule {}
