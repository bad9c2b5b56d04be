export * from './client';
export * from './envelope';
export * from './publisher';
export * from './consumer';
export * from './outbox';
export * from './outbox-relay';
export * from './dlq';
export * from './event-sealing';
