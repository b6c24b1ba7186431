export * from './admin.module';
export * from './provider-overview';
export * from './package-version';
