export * from './actor';
export * from './tokens';
export * from './http-auth';
