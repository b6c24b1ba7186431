export * from './open-responses.types';
export * from './normalized-request';
export * from './normalize-request';
export * from './gateway-error';
export * from './error-body';
export * from './ids';
export * from './open-responses-schema';
export * from './principal';
