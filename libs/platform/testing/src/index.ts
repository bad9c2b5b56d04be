export * from './engines';
export * from './scheduler';
