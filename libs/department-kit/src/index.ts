export * from './department';
export * from './env';
export * from './app';
export { parseReport } from './part.input';
export { partsConsumerGroup } from './part.consumer';
export { departmentOpenApi, hardshipRecordRoutes, partRoutes } from './openapi';
