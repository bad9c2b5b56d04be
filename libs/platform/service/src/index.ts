export * from './every';
export * from './service';
export * from './feature';
export * from './sealing';
