export * from './actor';
export * from './tokens';
export * from './jwks';
export * from './client-credentials';
export * from './user-directory';
export * from './http-auth';
