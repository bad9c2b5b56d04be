import { randomUUID } from 'node:crypto';
import { Topics, type ApplicationSubmitted } from '@jh/contracts';
import type { Actor } from '@jh/platform-auth';
import { notFound } from '@jh/platform-errors';
import { buildEvent } from '@jh/platform-kafka';
import { currentTraceContext } from '@jh/platform-telemetry';
import { channelCodes, itemCodes, type CreateApplicationInput } from './application.input';
import type { ApplicationDoc } from './application.model';
import type { ApplicationStore } from './application.store';

const producer = 'intake';

/** Human application number, e.g. JH-2026-000123 (year in Asia/Shanghai). */
export function applicationNumber(now: Date, seq: number): string {
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  return `JH-${year}-${String(seq).padStart(6, '0')}`;
}

export function toSubmittedEvent(doc: ApplicationDoc): ApplicationSubmitted {
  return {
    applicationId: doc._id,
    applicationNumber: doc.applicationNo,
    applicant: {
      name: doc.applicant.name,
      idNumber: doc.applicant.idNumber,
      phone: doc.applicant.phone ?? '',
      address: doc.applicant.address ?? '',
      regionCode: doc.applicant.regionCode,
    },
    householdMembers: [],
    hardshipDescription: doc.hardshipDescription,
    requestedItems: doc.items.map((i) => itemCodes[i]),
    channel: channelCodes[doc.channel],
    owner: { userId: doc.owner.userId, officeId: '', regionCode: doc.owner.regionCode },
    missingDocuments: [],
    declarationSigned: doc.declarationSigned,
    submittedAt: doc.submittedAt,
  };
}

export class ApplicationService {
  constructor(
    private readonly store: ApplicationStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: CreateApplicationInput, actor: Actor): Promise<ApplicationDoc> {
    const now = this.clock();
    const seq = await this.store.nextSequence(
      `application-${new Date(now.getTime() + 8 * 3600_000).getUTCFullYear()}`,
    );
    const doc: ApplicationDoc = {
      _id: randomUUID(),
      applicationNo: applicationNumber(now, seq),
      status: 'submitted',
      applicant: input.applicant,
      items: input.items,
      channel: input.channel,
      hardshipDescription: input.hardshipDescription,
      declarationSigned: input.declarationSigned,
      // 首问负责 (R-JH-5): whoever registers the application owns it until an explicit hand-over.
      owner: { userId: actor.userId, regionCode: actor.regionCode ?? input.applicant.regionCode },
      submittedAt: now,
      outbox: [],
    };
    const trace = currentTraceContext();
    const event = buildEvent(
      Topics.applicationSubmitted,
      toSubmittedEvent(doc),
      { key: doc._id, correlationId: doc._id, occurredAt: now, ...trace },
      producer,
    );
    doc.outbox.push({
      eventId: event.eventId,
      topic: event.type,
      key: event.key,
      type: event.type,
      payload: event.bytes,
      correlationId: doc._id,
      causationId: '',
      traceparent: trace.traceparent,
      occurredAt: now,
      sentAt: null,
    });
    await this.store.insert(doc);
    return doc;
  }

  async get(id: string): Promise<ApplicationDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('APPLICATION_NOT_FOUND', '未找到该申请');
    return doc;
  }
}
