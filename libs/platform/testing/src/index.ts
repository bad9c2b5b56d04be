export * from './engines';
export * from './scheduler';
export * from './ports';
export * from './identity';
export * from './at-rest';
