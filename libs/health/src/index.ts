export * from './health.module';
export * from './readiness.service';
export * from './conversation-store.health';
