import {
  Server,
  ServerCredentials,
  credentials,
  Metadata,
  status,
  type Client,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import {
  AppError,
  grpcCodeOf,
  isAppError,
  kindOfGrpcCode,
  notAllowed,
  unauthenticated,
} from '@jh/platform-errors';
import { bearerToken, hasRole, type Actor, type Role, type TokenVerifier } from '@jh/platform-auth';
import type { Logger } from '@jh/platform-logger';

export interface CallContext {
  actor: Actor;
  metadata: Metadata;
  deadline: Date | undefined;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** Handlers keyed by the method names of a ts-proto service definition. */
export type UnaryHandlers<Def> = {
  [K in keyof Def]: Def[K] extends {
    requestDeserialize: (b: Buffer) => infer Req;
    responseSerialize: (r: infer Res) => Buffer;
  }
    ? UnaryHandler<Req, Res>
    : never;
};

const errorCodeKey = 'x-error-code';

function toServiceError(e: unknown, logger: Logger): Partial<ServiceError> {
  const error = isAppError(e)
    ? e
    : new AppError('internal', 'INTERNAL', '系统内部错误，请稍后重试');
  if (!isAppError(e)) logger.error({ err: e }, 'unhandled gRPC handler error');
  const metadata = new Metadata();
  metadata.set(errorCodeKey, error.code);
  return { code: grpcCodeOf(error.kind), details: error.message, metadata };
}

/**
 * Adapts promise-returning handlers to grpc-js unary handlers: verifies the bearer token in
 * metadata, passes the actor, maps typed errors to gRPC status in one place.
 */
export function unaryService<Def extends ServiceDefinition>(
  definition: Def,
  handlers: UnaryHandlers<Def>,
  options: {
    verifier: TokenVerifier;
    logger: Logger;
    /** Roles allowed to call; service-to-service APIs default to service accounts only. */
    roles?: readonly Role[];
  },
): UntypedServiceImplementation {
  const allowed = options.roles ?? (['service'] as const);
  const impl: UntypedServiceImplementation = {};
  for (const method of Object.keys(definition)) {
    const handler = (handlers as Record<string, UnaryHandler<unknown, unknown>>)[method];
    if (!handler) throw new Error(`gRPC method ${method} has no handler`);
    impl[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const token = bearerToken(String(call.metadata.get('authorization')[0] ?? ''));
      const deadline = call.getDeadline();
      const run = async () => {
        if (!token) throw unauthenticated();
        const actor = await options.verifier.verify(token);
        if (!hasRole(actor, ...allowed))
          throw notAllowed('ROLE_REQUIRED', `需要以下角色之一：${allowed.join('、')}`);
        return handler(call.request, {
          actor,
          metadata: call.metadata,
          deadline:
            deadline instanceof Date
              ? deadline
              : Number.isFinite(deadline)
                ? new Date(deadline)
                : undefined,
        });
      };
      run().then(
        (res) => callback(null, res),
        (e: unknown) => callback(toServiceError(e, options.logger)),
      );
    };
  }
  return impl;
}

export interface GrpcServerHandle {
  port: number;
  close(): Promise<void>;
}

export async function startGrpcServer(
  services: { definition: ServiceDefinition; implementation: UntypedServiceImplementation }[],
  port: number,
  host = process.env['GRPC_HOST'] ?? '127.0.0.1',
): Promise<GrpcServerHandle> {
  const server = new Server();
  for (const s of services) server.addService(s.definition, s.implementation);
  // Plain-text on loopback/cluster network; TLS terminates at the mesh in deployment.
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}

type ClientCtor<C extends Client> = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
  options?: Record<string, string | number>,
) => C;

/**
 * A client of `address`: `host:port`, or several replicas as `ipv4:127.0.0.1:50051,127.0.0.1:50151`
 * (grpc-js name syntax), balanced round robin; a replica that is down is left out until it is back.
 */
export function createGrpcClient<C extends Client>(Ctor: ClientCtor<C>, address: string): C {
  return new Ctor(address, credentials.createInsecure(), {
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  });
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (err: ServiceError | null, res: Res) => void,
) => unknown;

/** Calls a unary method with a bearer token and a deadline; gRPC errors come back as AppError. */
export function callUnary<Req, Res>(
  client: Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: { token: string; deadlineMs?: number },
): Promise<Res> {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${options.token}`);
  const deadline = new Date(Date.now() + (options.deadlineMs ?? 5000));
  return new Promise<Res>((resolve, reject) => {
    method.call(client, request, metadata, { deadline }, (err, res) => {
      if (!err) return resolve(res);
      const code = String(err.metadata?.get(errorCodeKey)[0] ?? '');
      if (err.code === status.DEADLINE_EXCEEDED) {
        return reject(new AppError('unavailable', 'DEADLINE_EXCEEDED', '下游服务响应超时'));
      }
      if (err.code === status.UNAVAILABLE && !code) {
        return reject(new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', '下游服务暂不可用'));
      }
      reject(
        new AppError(
          kindOfGrpcCode(err.code),
          code || 'UPSTREAM_ERROR',
          err.details || err.message,
        ),
      );
    });
  });
}
