export * from './every';
export * from './service';
export * from './feature';
