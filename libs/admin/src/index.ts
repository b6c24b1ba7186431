export * from './admin.module';
export * from './provider-overview';
