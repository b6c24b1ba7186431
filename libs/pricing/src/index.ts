export * from './pricing.module';
export * from './cost-meter';
export * from './price-book';
export * from './price-table';
export * from './model-price';
export * from './compute-cost';
