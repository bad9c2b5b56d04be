export * from './id-number';
export * from './id-number.schema';
export * from './citizen-card';
export * from './region-code';
export * from './application-number';
