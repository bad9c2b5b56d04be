import type { Express } from 'express';
import type { Connection, Model } from 'mongoose';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ServiceTokenSource, TokenVerifier } from '@jh/platform-auth';
import type { ServiceEnv } from '@jh/platform-config';
import { startGrpcServer, type GrpcServerHandle } from '@jh/platform-grpc';
import {
  createHttpApp,
  finish,
  listen,
  mountOpenApi,
  type ReadinessCheck,
} from '@jh/platform-http';
import {
  createKafka,
  kafkaAuth,
  EventPublisher,
  OutboxRelay,
  type KafkaHandle,
  type OutboxEntry,
  type OutboxSource,
  useEventCipher,
} from '@jh/platform-kafka';
import { createLogger, type Logger } from '@jh/platform-logger';
import { keyMaterialFrom, Vault, type MasterKeyProvider } from '@jh/platform-crypto';
import { sealCollection, type SealCollection } from './sealing';
import { requireAuth, requireRole } from '@jh/platform-auth';
import {
  auditHttp,
  auditRoutes,
  auditSignerFromEnv,
  openAuditTrail,
  withAuditRoutes,
  type AuditTrail,
} from '@jh/platform-audit';
import { connectMongo, mongoOutboxSource, pingMongo } from '@jh/platform-mongo';
import { metricsHandler, startTelemetry } from '@jh/platform-telemetry';
import { registerServiceMetrics, type ServiceMetricsSources } from './metrics';
import { consumersReadiness, outboxReadiness } from './readiness';
import { startLoop, type Loop, type Scheduler } from './every';
import { serviceTokenFor, verifierFor } from './identity';

/** What every service gets from the platform before it wires its own parts. */
export interface ServiceContext {
  config: ServiceEnv;
  logger: Logger;
  mongo: Connection;
  kafka: KafkaHandle;
  verifier: TokenVerifier;
  /** The service's client-credentials token for calling other services (absent without credentials). */
  serviceToken?: ServiceTokenSource;
  /** Field encryption: this service's data keys, blind indexes and the event cipher (ADR 0019). */
  vault: Vault;
  /**
   * The cipher of one collection; also starts, in the background, the resumable pass that seals
   * what is still clear text there (documents stored before sealing) and re-seals older keys.
   */
  sealCollection: SealCollection;
  /**
   * The service's hash-chained audit trail (ADR 0019). Every HTTP state change is recorded by the
   * platform; a route that answers unmasked personal data calls `markPersonalDataRead`.
   */
  audit: AuditTrail;
  /** Register cleanup; run in reverse order on stop. */
  onStop(fn: () => Promise<void>): void;
  /**
   * Starts publishing an outbox (a model whose schema has `outboxPlugin`, or any source) through the
   * service's relay publisher (ADR 0014): at once after each write that adds entries, and by an
   * indexed sweep every `OUTBOX_SWEEP_MS` for what a crash left; stopped on shutdown.
   */
  relayOutbox<T extends { outbox?: OutboxEntry[] }>(
    source: Model<T> | OutboxSource,
    options?: RelayOutboxOptions,
  ): OutboxRelay;
  /**
   * Runs `fn` every `ms` (0 = off) on the service's scheduler, never overlapping itself; failures
   * are logged as "<name> failed"; stopped on shutdown.
   */
  every(ms: number, name: string, fn: () => Promise<unknown>): Loop;
}

export interface RelayOutboxOptions {
  /** Defaults to one relay publisher shared by the service's relays. */
  publisher?: EventPublisher;
  batchSize?: number;
}

export interface StartServiceOptions {
  /** A deployment's KMS/HSM wrapping the data keys; the master keys of the config otherwise. */
  masterKeyProvider?: MasterKeyProvider;
  /** Times the `every` loops; tests pass one they drive by hand. */
  scheduler?: Scheduler;
  /**
   * The service's OpenAPI document (its `openapi.ts`): served at GET /openapi.json, and browsable
   * at /docs/ unless NODE_ENV is production.
   */
  openApi?: () => object;
}

export interface ServiceParts {
  mountHttp?(app: Express): void;
  grpc?: {
    port: number;
    services: { definition: ServiceDefinition; implementation: UntypedServiceImplementation }[];
  };
  readiness?: Record<string, ReadinessCheck>;
}

export interface RunningService {
  name: string;
  httpPort: number;
  grpcPort?: number;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * The one composition sequence shared by every app: telemetry → logger → MongoDB → Kafka →
 * app parts → HTTP (+ gRPC). Apps stay thin: they only say what to wire.
 */
export async function startService(
  config: ServiceEnv,
  wire: (ctx: ServiceContext) => Promise<ServiceParts>,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  // Identity settings fail before any connection is opened.
  const verifier = verifierFor(config);
  const serviceToken = serviceTokenFor(config);
  const keyMaterial = keyMaterialFrom(config, options.masterKeyProvider);
  const auditSigner = auditSignerFromEnv(config);
  const telemetry = startTelemetry({
    serviceName: config.SERVICE_NAME,
    enabled: config.OTEL_ENABLED,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger({ name: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const stops: (() => Promise<void>)[] = [() => telemetry.shutdown()];
  const stopAll = async () => {
    for (const fn of stops.splice(0).reverse()) {
      await fn().catch((e: unknown) =>
        logger.warn({ err: (e as Error).message }, 'error during shutdown'),
      );
    }
  };
  try {
    const mongo = await connectMongo({ url: config.MONGO_URL, logger });
    stops.push(() => mongo.close());
    if (!mongo.db) throw new Error('MongoDB connection has no database');
    const vault = new Vault(mongo.db, keyMaterial);
    useEventCipher(vault.transit);
    const audit = await openAuditTrail({
      db: mongo.db,
      chain: config.SERVICE_NAME,
      hash: config.AUDIT_HASH,
      signer: auditSigner,
      clock: () => new Date(),
      checkpointEvery: config.AUDIT_CHECKPOINT_EVERY,
      retentionDays: config.AUDIT_RETENTION_DAYS,
      logger,
    });
    // Registered before the parts' stops, so it closes (final checkpoint) after they have stopped.
    stops.push(() => audit.close());
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      ...kafkaAuth(config),
      clientId: config.SERVICE_NAME,
      logger,
      topicPrefix: config.TOPIC_PREFIX,
    });
    // The system's own state changes: every event a consumer of this service handled.
    kafka.onHandled = (event) =>
      audit.append({
        actor: { userId: `system:${config.SERVICE_NAME}`, roles: ['service'] },
        action: `event.handled ${event.type}`,
        object: { kind: 'event', id: event.eventId },
        traceId: event.correlationId,
        detail: { group: event.group, key: event.key },
      });
    const onStop = (fn: () => Promise<void>) => void stops.push(fn);
    // GET /metrics (issue 17): what the service's outboxes and consumers have not done yet.
    const outboxes: ServiceMetricsSources['outboxes'] = [];
    const serviceMetrics = registerServiceMetrics({
      service: config.SERVICE_NAME,
      kafka,
      outboxes,
      clock: () => new Date(),
      logger,
    });
    onStop(() => serviceMetrics.stop());
    const relays: { collection: string; relay: OutboxRelay }[] = [];
    let relayPublisher: EventPublisher | undefined;
    const sharedRelayPublisher = () => {
      if (!relayPublisher) {
        const created = new EventPublisher(kafka, config.SERVICE_NAME);
        relayPublisher = created;
        // Registered before the relays that use it, so it disconnects after they have stopped.
        onStop(() => created.disconnect());
      }
      return relayPublisher;
    };
    const ctx: ServiceContext = {
      config,
      logger,
      mongo,
      kafka,
      verifier,
      serviceToken,
      vault,
      audit,
      sealCollection: (name, spec) =>
        sealCollection({ db: mongo.db!, vault, logger, onStop }, name, spec),
      onStop,
      relayOutbox: (source, relayOptions = {}) => {
        const publisher = relayOptions.publisher ?? sharedRelayPublisher();
        const outbox = 'pendingOf' in source ? source : mongoOutboxSource(source);
        const collection = 'pendingOf' in source ? 'outbox' : source.collection.collectionName;
        outboxes.push({ collection, source: outbox });
        const relay = new OutboxRelay({
          source: outbox,
          publisher,
          logger,
          batchSize: relayOptions.batchSize,
        });
        relays.push({ collection, relay });
        relay.start();
        const sweep = startLoop(config.OUTBOX_SWEEP_MS, 'outbox sweep', () => relay.sweep(), {
          logger,
          scheduler: options.scheduler,
        });
        onStop(async () => {
          await sweep.stop();
          await relay.stop();
        });
        return relay;
      },
      every: (ms, name, fn) => {
        const loop = startLoop(ms, name, fn, { logger, scheduler: options.scheduler });
        onStop(() => loop.stop());
        return loop;
      },
    };
    ctx.every(config.DATA_KEY_REFRESH_MS, 'data key refresh', () => vault.refresh());
    // Retention (等保 level 3): what is older than AUDIT_RETENTION_DAYS (≥ 180) is pruned behind a
    // signed marker; never anything younger.
    ctx.every(config.AUDIT_PURGE_INTERVAL_MS, 'audit retention', () =>
      audit.purgeBefore(new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000)),
    );
    const parts = await wire(ctx);

    const app = createHttpApp({
      logger,
      maxJsonDepth: config.HTTP_MAX_JSON_DEPTH,
      failureThrottle: {
        maxFailures: config.AUTH_FAILURE_MAX,
        windowMs: config.AUTH_FAILURE_WINDOW_MS,
        blockMs: config.AUTH_FAILURE_BLOCK_MS,
      },
      trustProxy: config.HTTP_TRUST_PROXY,
      readiness: {
        mongo: () => pingMongo(mongo),
        consumers: async () => consumersReadiness(kafka),
        outbox: async () => outboxReadiness(relays, new Date()),
        ...parts.readiness,
      },
    });
    // Prometheus reads it from the service's own port (the console gateway does not forward it).
    app.get('/metrics', (req, res) => {
      const handler = metricsHandler();
      if (!handler) {
        res.status(404).json({
          error: { code: 'METRICS_DISABLED', message: '指标未启用（OTEL_ENABLED=false）' },
        });
        return;
      }
      handler(req, res);
    });
    // Before the audit trail: reading the API description is no state change of anyone's data.
    if (options.openApi) {
      const document = options.openApi;
      // The audit routes below are mounted in every service, so every document describes them.
      mountOpenApi(app, () => withAuditRoutes(document()), {
        docs: config.NODE_ENV !== 'production',
      });
    }
    app.use(auditHttp(audit));
    app.use(
      auditRoutes({
        trail: audit,
        personIndex: (idNumber) => vault.blindIndex('id-number', idNumber),
        requireAuditor: (req, res, next) =>
          requireAuth(verifier)(req, res, (e?: unknown) =>
            e ? next(e) : requireRole('auditor')(req, res, next),
          ),
      }),
    );
    parts.mountHttp?.(app);
    finish(app);
    const http = await listen(app, config.HTTP_PORT);
    stops.push(http.close);
    let grpc: GrpcServerHandle | undefined;
    if (parts.grpc) {
      grpc = await startGrpcServer(parts.grpc.services, parts.grpc.port);
      stops.push(grpc.close);
    }
    logger.info({ httpPort: http.port, grpcPort: grpc?.port }, `${config.SERVICE_NAME} started`);
    return {
      name: config.SERVICE_NAME,
      httpPort: http.port,
      grpcPort: grpc?.port,
      logger,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** Entry point helper: starts, stops cleanly on SIGINT/SIGTERM, exits non-zero on a start failure. */
export function runMain(start: () => Promise<RunningService>): void {
  start().then(
    (service) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        service.logger.info({ signal }, 'stopping');
        service.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    },
    (e: unknown) => {
      createLogger({ name: 'bootstrap', level: 'info' }).fatal(
        { err: e },
        '服务启动失败 / service failed to start',
      );
      process.exit(1);
    },
  );
}
