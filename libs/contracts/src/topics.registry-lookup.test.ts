import {
  EventEnvelope,
  PartDispatched,
  PartReported,
  PayloadTypeMismatchError,
  Topics,
  UnknownEventTypeError,
  decodeEventPayload,
  eventRegistry,
  eventTypes,
  findEventCodec,
  getEventCodec,
  isEventType,
} from './index';

it('has one codec per topic, keyed by its own type', () => {
  expect([...eventTypes].sort()).toEqual([
    'jh.application.submitted.v1',
    'jh.assistance.approved.v1',
    'jh.hardship.signal.v1',
    'jh.part.accepted.v1',
    'jh.part.cancelled.v1',
    'jh.part.dispatched.v1',
    'jh.part.overdue.v1',
    'jh.part.reported.v1',
    'jh.part.transfer_requested.v1',
    'jh.payment.instalment_paid.v1',
    'jh.review.progressed.v1',
    'jh.student.certification_ended.v1',
    'jh.student.certified.v1',
  ]);
  for (const type of eventTypes) expect(eventRegistry[type].type).toBe(type);
});

it('names each payload with its fully qualified protobuf message name', () => {
  expect(getEventCodec(Topics.applicationSubmitted).payloadType).toBe(
    'jh.intake.v1.ApplicationSubmitted',
  );
  expect(getEventCodec(Topics.partDispatched).payloadType).toBe(
    'jh.jointhandling.v1.PartDispatched',
  );
  expect(getEventCodec(Topics.partReported).payloadType).toBe('jh.jointhandling.v1.PartReported');
});

it('encodes and decodes with the codec found by type', () => {
  const codec = getEventCodec(Topics.partReported);
  const message = PartReported.fromPartial({ partId: 'p-1', amountFen: 12_345 });

  expect(codec.decode(codec.encode(message))).toEqual(message);
});

it('returns undefined from find and throws a clear error from get for an unknown type', () => {
  expect(isEventType('jh.part.unknown.v1')).toBe(false);
  expect(findEventCodec('jh.part.unknown.v1')).toBeUndefined();
  expect(findEventCodec('toString')).toBeUndefined();
  expect(() => getEventCodec('jh.part.unknown.v1')).toThrow(UnknownEventTypeError);
  expect(() => getEventCodec('jh.part.unknown.v1')).toThrow(
    /Unknown event type "jh\.part\.unknown\.v1"; known types: jh\.application\.submitted\.v1/,
  );
});

it('refuses an envelope whose payload type disagrees with its event type', () => {
  const envelope = EventEnvelope.fromPartial({
    type: Topics.partReported,
    payloadType: 'jh.jointhandling.v1.PartDispatched',
    payload: getEventCodec(Topics.partDispatched).encode(PartDispatched.create()),
  });

  expect(() => decodeEventPayload(envelope)).toThrow(PayloadTypeMismatchError);
});

it('narrows the decoded payload by type', () => {
  const codec = getEventCodec(Topics.partDispatched);
  const event = decodeEventPayload({
    type: codec.type,
    payloadType: codec.payloadType,
    payload: codec.encode(PartDispatched.fromPartial({ department: 'housing' })),
  });

  switch (event.type) {
    case 'jh.part.dispatched.v1':
      expect(event.payload.department).toBe('housing');
      break;
    default:
      throw new Error(`unexpected ${event.type}`);
  }
});
