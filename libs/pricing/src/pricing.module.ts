import { DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { GatewayEvents } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import { CostMeter } from './cost-meter';
import { PriceBook } from './price-book';
import { PriceTable } from './price-table';
import PRICES from './prices.json';

/** The built-in table, parsed on first use (once per process). */
let builtIn: PriceTable | undefined;
export function builtInPriceTable(): PriceTable {
  return (builtIn ??= new PriceTable(PRICES));
}

/**
 * Prices and cost (`pricing.enabled`, on by default): the price of every configured model resolved at start-up and
 * the CostMeter the composition root puts in each provider's call chain. Off, nothing of it is built or on the path.
 */
/** Names the configured models without a price once the app's logger is in place. */
@Injectable()
class UnpricedModelsNotice implements OnApplicationBootstrap {
  constructor(private readonly book: PriceBook) {}

  onApplicationBootstrap(): void {
    const unpriced = this.book.unpriced();
    if (unpriced.length > 0) new Logger('Pricing').log(`no price for ${unpriced.join(', ')}: cost unknown (models[].pricing gives one)`);
  }
}

@Module({})
export class PricingModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.pricing.enabled) return { module: PricingModule, providers: [], exports: [] };
    const book = new PriceBook(config, builtInPriceTable());
    const meter = { provide: CostMeter, inject: [GatewayEvents], useFactory: (events: GatewayEvents) => new CostMeter(book, events) };
    return { module: PricingModule, global: true, providers: [{ provide: PriceBook, useValue: book }, meter, UnpricedModelsNotice], exports: [PriceBook, CostMeter] };
  }
}
