import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { GatewayEvents } from '@latticelm/api';
import { ConversationStore } from '@latticelm/conversations';
import { ProviderRegistry } from '@latticelm/providers';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ModelLabels } from '../metrics/model-labels';
import { OBSERVABILITY_TRACER } from '../tracing/tracer.token';
import { traceConversationStore } from '../tracing/trace-conversation-store';
import { InstrumentedProvider } from './instrumented-provider';

/** Applies the instrumentation decorators once at start-up: every provider, and the conversation store's spans. */
@Injectable()
export class ProviderInstrumentationInstaller implements OnModuleInit {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly events: GatewayEvents,
    private readonly labels: ModelLabels,
    @Inject(ConversationStore) private readonly store: ConversationStore,
    @Optional() @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics | null,
    @Inject(OBSERVABILITY_TRACER) private readonly tracer: Tracer | null,
  ) {}

  onModuleInit(): void {
    const deps = {
      labels: this.labels,
      events: this.events,
      metrics: this.metrics ?? undefined,
      tracer: this.tracer ?? undefined,
    };
    this.registry.decorate((provider) => new InstrumentedProvider(provider, deps));
    if (this.tracer) traceConversationStore(this.store, this.tracer);
  }
}
