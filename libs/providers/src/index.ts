export * from './provider';
export * from './provider-event';
export * from './provider-registry';
export * from './providers.module';
export * from './upstream-error';
export * from './upstream-error-kind';
export * from './provider-call';
export * from './conversation-compactor';
