export * from './grpc';
