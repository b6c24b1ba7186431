import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProvidersModule } from '@latticelm/providers';
import { ConversationStoreHealthIndicator } from './conversation-store.health';
import { HealthController } from './health.controller';
import { ProvidersHealthIndicator } from './providers.health';
import { ReadinessService } from './readiness.service';

/**
 * GET /health and GET /ready. Terminus's own failure log is off: probes repeat every few seconds, so
 * ReadinessService logs only transitions. Circuit states and the draining flag come from the traffic module
 * when it is loaded (both optional).
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ProvidersModule],
  controllers: [HealthController],
  providers: [ReadinessService, ConversationStoreHealthIndicator, ProvidersHealthIndicator],
  exports: [ReadinessService],
})
export class HealthModule {}
