export * from './errors';
export * from './infrastructure';
