export * from './connection';
export * from './outbox';
export * from './duplicate-key';
export * from './audit';
export * from './backfill';
