export * from './response-assembler';
export * from './response-envelope';
export * from './responses.service';
export * from './responses.module';
export * from './provider-invoker';
export * from './sse-writer';
export * from './conversation-history';
export * from './list-input-items';
