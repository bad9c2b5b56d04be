import { PartOutcome, PartReported } from './index';

const report = (amountFen: number): PartReported =>
  PartReported.fromPartial({
    partId: 'part-1',
    department: 'medical',
    outcome: PartOutcome.PART_OUTCOME_GRANTED,
    amountFen,
    reportedAt: new Date('2026-05-01T02:00:00Z'),
  });

it.each([0, 1, 50_000, 500_001, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER])(
  'round-trips amount_fen %d as an integer number',
  (amountFen) => {
    const decoded = PartReported.decode(PartReported.encode(report(amountFen)).finish());

    expect(decoded.amountFen).toBe(amountFen);
    expect(Number.isSafeInteger(decoded.amountFen)).toBe(true);
  },
);

it('refuses to decode an amount beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
  const wire = PartReported.encode(report(0)).finish();
  // field 6, varint, value 2^53 + 1 appended to the message (later fields win in protobuf)
  const tooBig = Uint8Array.from([...wire, 0x30, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);

  expect(() => PartReported.decode(tooBig)).toThrow('MAX_SAFE_INTEGER');
});
