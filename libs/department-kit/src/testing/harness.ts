import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import {
  AssistanceItem,
  PartCancelReason,
  Topics,
  type PartCancelled,
  type PartDispatched,
} from '@jh/contracts';
import { type Actor } from '@jh/platform-auth';
import { EventPublisher, type ConsumedEvent } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testKafka,
  uniquePrefix,
  testServiceEnv,
  probeEvents,
  keycloakToken,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { startDepartmentService, type DepartmentService } from '../app';
import type { DepartmentDefinition } from '../department';
import { loadDepartmentConfig } from '../env';
import { partScope } from '../part.access';

/** DEPT_REGION_CODE of the test services: the development realm's city (杭州市). */
export const harnessRegion = '330100';

/** A department used only by the kit's own tests (the four real ones live in apps/). */
export const testDepartment: DepartmentDefinition = {
  code: 'education',
  name: '教育局',
  defaultHttpPort: 0,
  items: [AssistanceItem.ASSISTANCE_ITEM_EDUCATION],
  handlingLimitWorkingDays: 5,
  grantAmount: 'required',
};

/** A running department service on its own topic prefix and database, with a settable clock. */
export interface Harness {
  /** Topic prefix of this instance. */
  prefix: string;
  service: DepartmentService;
  /** Events the service published (accepted / reported / transfer requested). */
  published: ConsumedEvent[];
  setNow(at: Date): void;
  http(): ReturnType<typeof request>;
  token(actor: Partial<Actor> & { userId: string }): Promise<string>;
  dispatch(part: Partial<PartDispatched>): Promise<{ part: PartDispatched; eventId: string }>;
  redeliver(part: PartDispatched, eventId: string): Promise<void>;
  cancel(part: Partial<PartCancelled> & { partId: string }): Promise<void>;
  /**
   * Files a stored part under `regionCode`, as the receiver will once PartDispatched carries the
   * case's region (it does not yet; parts get the service's DEPT_REGION_CODE meanwhile).
   */
  placeIn(partId: string, regionCode: string): Promise<void>;
  collection(): Promise<{
    find(filter: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  }>;
  stop(): Promise<void>;
}

export async function startHarness(
  label: string,
  start: Date,
  def: DepartmentDefinition = testDepartment,
): Promise<Harness> {
  const prefix = uniquePrefix(label);
  const database = `${prefix}dept`;
  let now = start;
  const service = await startDepartmentService(
    def,
    loadDepartmentConfig(
      def,
      testServiceEnv(def.code, prefix, database, { DEPT_REGION_CODE: harnessRegion }),
    ),
    { clock: () => now },
  );
  const kafka = testKafka(prefix);
  // Stands in for civil affairs, which owns PartDispatched / PartCancelled.
  const civilAffairs = new EventPublisher(kafka, 'civil-affairs');
  await civilAffairs.connect();
  const probe = await probeEvents(prefix, [
    Topics.partAccepted,
    Topics.partReported,
    Topics.partTransferRequested,
  ]);
  const published = probe.events;
  let conn: mongoose.Connection | undefined;

  return {
    prefix,
    service,
    published,
    setNow: (at) => {
      now = at;
    },
    http: () => request(`http://127.0.0.1:${service.httpPort}`),
    // Officers of the service's own region see its parts (R-OV-2); tests may name another.
    token: (actor) =>
      keycloakToken({ roles: ['department_officer'], regionCode: harnessRegion, ...actor }),
    async dispatch(partial) {
      const applicationId = partial.applicationId ?? randomUUID();
      const part: PartDispatched = {
        partId: randomUUID(),
        caseId: randomUUID(),
        applicationId,
        department: def.code,
        items: [...def.items],
        reportDueAt: undefined,
        handlingDueAt: undefined,
        dispatchedAt: now,
        ...partial,
        // '' = no region in the event: the service files it at its DEPT_REGION_CODE.
        regionCode: partial.regionCode ?? '',
        applicationNumber: partial.applicationNumber ?? '',
      };
      const eventId = await civilAffairs.publish(Topics.partDispatched, part, {
        key: applicationId,
        correlationId: applicationId,
      });
      return { part, eventId };
    },
    async redeliver(part, eventId) {
      await civilAffairs.publish(Topics.partDispatched, part, {
        key: part.applicationId,
        correlationId: part.applicationId,
        eventId,
      });
    },
    async cancel(partial) {
      const applicationId = partial.applicationId ?? randomUUID();
      await civilAffairs.publish(
        Topics.partCancelled,
        {
          caseId: '',
          applicationId,
          department: def.code,
          reason: PartCancelReason.PART_CANCEL_REASON_TRANSFERRED,
          note: '',
          replacementPartId: '',
          cancelledAt: now,
          ...partial,
          regionCode: partial.regionCode ?? '',
        },
        { key: applicationId, correlationId: applicationId },
      );
    },
    async placeIn(partId, regionCode) {
      conn ??= await mongoose.createConnection(mongoUrlFor(database)).asPromise();
      await conn
        .db!.collection('parts')
        .updateOne(
          { _id: partId as never },
          { $set: { regionCode, scope: partScope(regionCode) } },
        );
    },
    async collection() {
      conn ??= await mongoose.createConnection(mongoUrlFor(database)).asPromise();
      const parts = conn.db!.collection('parts');
      return { find: (filter) => parts.find(filter as never).toArray() };
    },
    async stop() {
      await probe.stop();
      await civilAffairs.disconnect();
      await service.stop();
      conn ??= await mongoose.createConnection(mongoUrlFor(database)).asPromise();
      await releaseTestDatabase(conn);
      await conn.close();
    },
  };
}
