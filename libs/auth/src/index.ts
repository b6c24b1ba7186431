export * from './auth.module';
export * from './admin.guard';
export * from './auth-errors';
export * from './claim-matcher';
export * from './public.decorator';
export * from './upgrade-authenticator';
