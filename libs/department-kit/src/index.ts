export * from './department';
