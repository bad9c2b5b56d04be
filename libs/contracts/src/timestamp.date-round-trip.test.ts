import { PartDispatched } from './index';

it('keeps Date fields to the millisecond across encode/decode', () => {
  const dispatched = PartDispatched.fromPartial({
    partId: 'part-1',
    caseId: 'case-1',
    applicationId: 'app-1',
    department: 'education',
    reportDueAt: new Date('2026-10-09T09:59:59.999Z'),
    handlingDueAt: new Date('1969-12-31T23:59:59.001Z'), // before the epoch: negative seconds
    dispatchedAt: new Date('2026-10-08T00:00:00.000Z'),
  });

  const decoded = PartDispatched.decode(PartDispatched.encode(dispatched).finish());

  expect(decoded.reportDueAt).toEqual(dispatched.reportDueAt);
  expect(decoded.handlingDueAt).toEqual(dispatched.handlingDueAt);
  expect(decoded.dispatchedAt).toEqual(dispatched.dispatchedAt);
});

it('decodes an unset Timestamp as undefined', () => {
  const decoded = PartDispatched.decode(PartDispatched.encode(PartDispatched.create()).finish());

  expect(decoded.reportDueAt).toBeUndefined();
});
