import {
  ApplicationSubmitted,
  AssistanceItem,
  Channel,
  EventEnvelope,
  HouseholdRelation,
  Topics,
  decodeEventPayload,
  getEventCodec,
} from './index';

const submitted: ApplicationSubmitted = ApplicationSubmitted.fromPartial({
  applicationId: '0b9d3c2e-7f4a-4c1e-9a55-2f1e8d7c6b5a',
  applicationNumber: 'JH-2026-000123',
  applicant: {
    name: '张三',
    idNumber: '11010519491231002X',
    phone: '13800000000',
    address: '杭州市西湖区某街道某社区 1 幢',
    regionCode: '330106',
  },
  householdMembers: [
    {
      name: '李四',
      relation: HouseholdRelation.HOUSEHOLD_RELATION_SPOUSE,
      idNumber: '110105195001010011',
    },
  ],
  hardshipDescription: '突发重病，医疗费用无力承担',
  requestedItems: [
    AssistanceItem.ASSISTANCE_ITEM_MEDICAL,
    AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
  ],
  channel: Channel.CHANNEL_WINDOW,
  owner: { userId: 'clerk-7', officeId: 'street-xihu-01', regionCode: '330106' },
  missingDocuments: ['病历复印件'],
  declarationSigned: true,
  submittedAt: new Date('2026-03-02T01:30:00.250Z'),
});

it('carries an ApplicationSubmitted payload through an encoded envelope unchanged', () => {
  const codec = getEventCodec(Topics.applicationSubmitted);
  const envelope: EventEnvelope = {
    eventId: 'c56a4180-65aa-42ec-a945-5fd21dec0538',
    type: codec.type,
    occurredAt: new Date('2026-03-02T01:30:00.250Z'),
    producer: 'intake',
    correlationId: submitted.applicationId,
    causationId: '',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tracestate: 'congo=t61rcWkgMzE',
    payloadType: codec.payloadType,
    payload: codec.encode(submitted),
  };

  const wire = EventEnvelope.encode(envelope).finish();
  const received = EventEnvelope.decode(wire);

  expect(received).toEqual(envelope);
  expect(decodeEventPayload(received)).toEqual({
    type: 'jh.application.submitted.v1',
    payload: submitted,
  });
});
