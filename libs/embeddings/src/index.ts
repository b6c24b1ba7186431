export * from './embeddings.module';
export * from './embeddings-invoker';
export * from './resilient-embeddings-invoker';
export * from './embeddings-response';
export * from './normalize-embeddings-request';
