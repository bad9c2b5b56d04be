export * from './guard';
export * from './matrix';
export * from './http';
