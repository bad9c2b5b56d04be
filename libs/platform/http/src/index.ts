export * from './app';
export * from './validation';
