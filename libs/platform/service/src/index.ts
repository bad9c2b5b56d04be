export * from './every';
export * from './service';
