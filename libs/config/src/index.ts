export * from './gateway-config';
export * from './build-config';
export * from './config-error';
export * from './config.module';
export * from './load-config';
export * from './parse-values';
export * from './raw-config-reader';
export * from './redact-config';
