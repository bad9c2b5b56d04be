// Hand-written: event types (= Kafka topic names) and the codec registry the Kafka platform lib
// uses to encode/decode envelope payloads generically. Generated code lives in ./gen only.
import { AssistanceApproved } from './gen/jh/approval/v1/approval';
import { ReviewProgressed } from './gen/jh/approval/v1/review';
import {
  StudentCertificationEnded,
  StudentCertified,
} from './gen/jh/certification/v1/certification';
import type { EventEnvelope } from './gen/jh/events/v1/envelope';
import { ApplicationSubmitted } from './gen/jh/intake/v1/application';
import {
  PartAccepted,
  PartCancelled,
  PartDispatched,
  PartOverdue,
  PartReported,
  PartTransferRequested,
} from './gen/jh/jointhandling/v1/part';
import { HardshipSignal } from './gen/jh/outreach/v1/signal';
import { InstalmentPaid } from './gen/jh/payment/v1/payment';

/** Event types; each is also the name of the Kafka topic that carries it. */
export const Topics = {
  applicationSubmitted: 'jh.application.submitted.v1',
  partDispatched: 'jh.part.dispatched.v1',
  partReported: 'jh.part.reported.v1',
  partAccepted: 'jh.part.accepted.v1',
  partTransferRequested: 'jh.part.transfer_requested.v1',
  partCancelled: 'jh.part.cancelled.v1',
  partOverdue: 'jh.part.overdue.v1',
  assistanceApproved: 'jh.assistance.approved.v1',
  reviewProgressed: 'jh.review.progressed.v1',
  instalmentPaid: 'jh.payment.instalment_paid.v1',
  studentCertified: 'jh.student.certified.v1',
  studentCertificationEnded: 'jh.student.certification_ended.v1',
  hardshipSignal: 'jh.hardship.signal.v1',
} as const;

export type EventType = (typeof Topics)[keyof typeof Topics];

/** Payload message of each event type. */
export interface EventPayloads {
  'jh.application.submitted.v1': ApplicationSubmitted;
  'jh.part.dispatched.v1': PartDispatched;
  'jh.part.reported.v1': PartReported;
  'jh.part.accepted.v1': PartAccepted;
  'jh.part.transfer_requested.v1': PartTransferRequested;
  'jh.part.cancelled.v1': PartCancelled;
  'jh.part.overdue.v1': PartOverdue;
  'jh.assistance.approved.v1': AssistanceApproved;
  'jh.review.progressed.v1': ReviewProgressed;
  'jh.payment.instalment_paid.v1': InstalmentPaid;
  'jh.student.certified.v1': StudentCertified;
  'jh.student.certification_ended.v1': StudentCertificationEnded;
  'jh.hardship.signal.v1': HardshipSignal;
}

export interface EventCodec<T> {
  /** Event type and topic name, e.g. "jh.part.reported.v1". */
  readonly type: EventType;
  /** Fully qualified protobuf message name, as in EventEnvelope.payloadType. */
  readonly payloadType: string;
  /** Protobuf binary; a Buffer (env=node) ready for EventEnvelope.payload and Kafka values. */
  encode(message: T): Buffer;
  decode(bytes: Uint8Array): T;
}

/** An envelope payload decoded by type; `switch (event.type)` narrows `payload`. */
export type DecodedEvent = {
  [K in EventType]: { readonly type: K; readonly payload: EventPayloads[K] };
}[EventType];

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(
      `Unknown event type "${eventType}"; known types: ${eventTypes.join(', ')}. ` +
        'Register it in libs/contracts/src/topics.ts.',
    );
    this.name = 'UnknownEventTypeError';
  }
}

export class PayloadTypeMismatchError extends Error {
  constructor(
    readonly eventType: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Event "${eventType}" must carry payload "${expected}" but the envelope says "${actual}"`,
    );
    this.name = 'PayloadTypeMismatchError';
  }
}

interface GeneratedMessageFns<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

function codec<K extends EventType>(
  type: K,
  payloadType: string,
  fns: GeneratedMessageFns<EventPayloads[K]>,
): EventCodec<EventPayloads[K]> {
  return {
    type,
    payloadType,
    encode: (message) => {
      const bytes = fns.encode(message).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    decode: (bytes) => fns.decode(bytes),
  };
}

/** Codec of every event type. */
export const eventRegistry: { readonly [K in EventType]: EventCodec<EventPayloads[K]> } = {
  'jh.application.submitted.v1': codec(
    Topics.applicationSubmitted,
    'jh.intake.v1.ApplicationSubmitted',
    ApplicationSubmitted,
  ),
  'jh.part.dispatched.v1': codec(
    Topics.partDispatched,
    'jh.jointhandling.v1.PartDispatched',
    PartDispatched,
  ),
  'jh.part.reported.v1': codec(
    Topics.partReported,
    'jh.jointhandling.v1.PartReported',
    PartReported,
  ),
  'jh.part.accepted.v1': codec(
    Topics.partAccepted,
    'jh.jointhandling.v1.PartAccepted',
    PartAccepted,
  ),
  'jh.part.transfer_requested.v1': codec(
    Topics.partTransferRequested,
    'jh.jointhandling.v1.PartTransferRequested',
    PartTransferRequested,
  ),
  'jh.part.cancelled.v1': codec(
    Topics.partCancelled,
    'jh.jointhandling.v1.PartCancelled',
    PartCancelled,
  ),
  'jh.part.overdue.v1': codec(Topics.partOverdue, 'jh.jointhandling.v1.PartOverdue', PartOverdue),
  'jh.assistance.approved.v1': codec(
    Topics.assistanceApproved,
    'jh.approval.v1.AssistanceApproved',
    AssistanceApproved,
  ),
  'jh.review.progressed.v1': codec(
    Topics.reviewProgressed,
    'jh.approval.v1.ReviewProgressed',
    ReviewProgressed,
  ),
  'jh.payment.instalment_paid.v1': codec(
    Topics.instalmentPaid,
    'jh.payment.v1.InstalmentPaid',
    InstalmentPaid,
  ),
  'jh.student.certified.v1': codec(
    Topics.studentCertified,
    'jh.certification.v1.StudentCertified',
    StudentCertified,
  ),
  'jh.student.certification_ended.v1': codec(
    Topics.studentCertificationEnded,
    'jh.certification.v1.StudentCertificationEnded',
    StudentCertificationEnded,
  ),
  'jh.hardship.signal.v1': codec(
    Topics.hardshipSignal,
    'jh.outreach.v1.HardshipSignal',
    HardshipSignal,
  ),
};

export const eventTypes: readonly EventType[] = Object.values(Topics);

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventRegistry, type);
}

/** The codec of `type`, or undefined when the type is not registered. */
export function findEventCodec<K extends EventType>(type: K): EventCodec<EventPayloads[K]>;
export function findEventCodec(type: string): EventCodec<unknown> | undefined;
export function findEventCodec(type: string): EventCodec<unknown> | undefined {
  return isEventType(type) ? (eventRegistry[type] as EventCodec<unknown>) : undefined;
}

/** The codec of `type`; throws UnknownEventTypeError when the type is not registered. */
export function getEventCodec<K extends EventType>(type: K): EventCodec<EventPayloads[K]>;
export function getEventCodec(type: string): EventCodec<unknown>;
export function getEventCodec(type: string): EventCodec<unknown> {
  const found = findEventCodec(type);
  if (!found) throw new UnknownEventTypeError(type);
  return found;
}

/**
 * Decodes an envelope's payload with the codec of its type. Throws UnknownEventTypeError for an
 * unregistered type and PayloadTypeMismatchError when payloadType disagrees with the registry.
 */
export function decodeEventPayload(
  envelope: Pick<EventEnvelope, 'type' | 'payloadType' | 'payload'>,
): DecodedEvent {
  const found = getEventCodec(envelope.type);
  if (envelope.payloadType !== found.payloadType) {
    throw new PayloadTypeMismatchError(envelope.type, found.payloadType, envelope.payloadType);
  }
  return { type: found.type, payload: found.decode(envelope.payload) } as DecodedEvent;
}
