export * from './app';
export * from './json-shape';
export * from './query';
export * from './validation';
export * from './request-hash';
export * from './view-format';
export * from './failure-throttle';
export { markDenied, routePatternOf, TOO_MANY_FAILURES } from './access-guard';
