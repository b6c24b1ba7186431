import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ProviderRegistry } from '@latticelm/providers';

/** At least one provider must be configured (and have started) for the gateway to serve anything. */
@Injectable()
export class ProvidersHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ProviderRegistry,
  ) {}

  check(key: string) {
    const indicator = this.indicators.check(key);
    const count = this.registry.all().length;
    return count > 0 ? indicator.up({ count }) : indicator.down({ message: 'no providers configured' });
  }
}
