export * from './guard';
export * from './matrix';
export * from './migrate-scope';
