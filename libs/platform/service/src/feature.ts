import type { Express } from 'express';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { EventType } from '@jh/contracts';
import type { ServiceEnv } from '@jh/platform-config';
import type { MasterKeyProvider } from '@jh/platform-crypto';
import type { z } from '@jh/platform-config';
import type { ReadinessCheck } from '@jh/platform-http';
import { dlqTopicOf, ensureTopics, type KafkaHandle } from '@jh/platform-kafka';
import type { Scheduler } from './every';
import { startService, type RunningService, type ServiceContext } from './service';

/** The settings a feature declares: a zod shape its `<feature>.env.ts` exports. */
export type EnvShape = z.ZodRawShape;
export type EnvOf<S extends EnvShape> = z.infer<z.ZodObject<S>>;

/** What a feature gets: the service's context, with only its own slice of the config. */
export interface FeatureContext<C> extends Omit<ServiceContext, 'config'> {
  config: C;
  /** "Now"; tests inject one to drive deadlines. */
  clock: () => Date;
}

/** What a started feature hands back: its API for later features, and its share of the surface. */
export interface FeatureParts<Api> {
  api: Api;
  mountHttp?(app: Express): void;
  readiness?: Record<string, ReadinessCheck>;
  grpcServices?: { definition: ServiceDefinition; implementation: UntypedServiceImplementation }[];
}

/**
 * One capability of a service (ADR 0012). `feature.ts` in each feature folder exports one; the
 * app's `app.ts` lists them in order and passes earlier features' APIs to later ones as `deps`.
 */
export interface Feature<S extends EnvShape, Deps, Api> {
  name: string;
  /** The config keys this feature reads; the app's env schema spreads the same shape. */
  env: S;
  /** Topics created before the feature starts (consumed ones with their DLQ). */
  topics?: FeatureTopics;
  start(ctx: FeatureContext<EnvOf<S>>, deps: Deps): Promise<FeatureParts<Api>>;
}

export interface FeatureTopics {
  publishes?: readonly EventType[];
  consumes?: readonly EventType[];
}

export function defineFeature<S extends EnvShape, Deps, Api>(
  feature: Feature<S, Deps, Api>,
): Feature<S, Deps, Api> {
  return feature;
}

/** Adds a feature to the service being started and returns its API. */
export type AddFeature = <S extends EnvShape, Deps, Api>(
  feature: Feature<S, Deps, Api>,
  ...deps: unknown extends Deps ? [] : Deps extends void ? [] : [Deps]
) => Promise<Api>;

export interface StartFeaturesOptions {
  clock?: () => Date;
  /** Times the features' `every` loops; tests pass one they drive by hand. */
  scheduler?: Scheduler;
  /** gRPC port, when a feature serves gRPC. */
  grpcPort?: number;
  /** A deployment's KMS/HSM for the data keys (ADR 0019). */
  masterKeyProvider?: MasterKeyProvider;
  /** The service's OpenAPI document, served at /openapi.json (and /docs/ in development). */
  openApi?: () => object;
}

/** Creates a feature's topics, skipping those an earlier feature of the service already created. */
async function ensureFeatureTopics(
  kafka: KafkaHandle,
  topics: FeatureTopics | undefined,
  created: Set<string>,
): Promise<void> {
  const consumed = (topics?.consumes ?? []).map((t) => kafka.topic(t));
  const wanted = [
    ...(topics?.publishes ?? []).map((t) => kafka.topic(t)),
    ...consumed,
    ...consumed.map(dlqTopicOf),
  ].filter((t, i, all) => !created.has(t) && all.indexOf(t) === i);
  if (wanted.length === 0) return;
  await ensureTopics(kafka, wanted);
  for (const t of wanted) created.add(t);
}

/** Picks a feature's declared keys out of the service config. */
export function configSlice<S extends EnvShape>(config: object, env: S): EnvOf<S> {
  const all = config as Record<string, unknown>;
  const slice: Record<string, unknown> = {};
  for (const key of Object.keys(env)) {
    if (!(key in all)) throw new Error(`config key ${key} missing: spread the feature's env shape`);
    slice[key] = all[key];
  }
  return slice as EnvOf<S>;
}

/**
 * Starts a service from a list of features: `list(add)` adds them in order (each gets its config
 * slice and a logger tagged with its name) and returns what the app exposes to tests.
 */
export async function startFeatures<Exposed extends object>(
  config: ServiceEnv,
  list: (add: AddFeature) => Promise<Exposed>,
  options: StartFeaturesOptions = {},
): Promise<RunningService & Exposed> {
  let exposed: Exposed | undefined;
  const clock = options.clock ?? (() => new Date());
  const running = await startService(
    config,
    async (ctx) => {
      const started: FeatureParts<unknown>[] = [];
      const topics = new Set<string>();
      const add: AddFeature = async (feature, ...deps) => {
        await ensureFeatureTopics(ctx.kafka, feature.topics, topics);
        const parts = await feature.start(
          {
            ...ctx,
            config: configSlice(config, feature.env),
            logger: ctx.logger.child({ feature: feature.name }),
            clock,
          },
          deps[0] as never,
        );
        started.push(parts);
        return parts.api;
      };
      exposed = await list(add);
      const grpcServices = started.flatMap((p) => p.grpcServices ?? []);
      const { grpcPort } = options;
      if (grpcServices.length > 0 && grpcPort === undefined) {
        throw new Error('a feature serves gRPC but the app gave no grpcPort');
      }
      return {
        mountHttp: (app) => {
          for (const p of started) p.mountHttp?.(app);
        },
        readiness: Object.assign({}, ...started.map((p) => p.readiness ?? {})),
        grpc:
          grpcServices.length > 0 && grpcPort !== undefined
            ? { port: grpcPort, services: grpcServices }
            : undefined,
      };
    },
    {
      scheduler: options.scheduler,
      masterKeyProvider: options.masterKeyProvider,
      openApi: options.openApi,
    },
  );
  if (!exposed) throw new Error(`${config.SERVICE_NAME}: features not started`);
  return { ...running, ...exposed };
}
