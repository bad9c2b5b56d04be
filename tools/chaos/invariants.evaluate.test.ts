import { evaluate, type RunState } from './invariants';
import { planApplications, type PlannedApplication } from './plan';

// Issue 18, chaos: the checker must see each kind of break, not only pass a good run. A small
// consistent run state is built by hand, then broken one way at a time.

const poison = [{ topic: 'jh.part.dispatched.v1', key: 'chaos-poison-1-0' }];

function goodState(): RunState {
  const base = planApplications(1, 1)[0]!;
  const app: PlannedApplication = {
    ...base,
    items: ['education', 'housing', 'dibao'],
    own: { item: 'dibao', refuse: false, instalmentsFen: [40_000] },
  };
  const id = 'app-1';
  const parts = [
    { partId: 'part-edu', department: 'education', eventId: 'ev-1' },
    { partId: 'part-hou', department: 'housing', eventId: 'ev-2' },
  ];
  return {
    plan: [app],
    outcomes: [{ index: 0, id, approvalId: 'appr-1', decision: 'approved' }],
    applications: [{ _id: id }],
    cases: [
      {
        _id: id,
        applicationId: id,
        parts: parts.map((p) => ({ ...p, status: 'reported', cancellation: null })),
      },
    ],
    dispatches: [
      ...parts.map((p) => ({ ...p, applicationId: id })),
      // A redelivery of the same event (relay died between send and mark): fine.
      { ...parts[0]!, applicationId: id },
    ],
    undecodableDispatches: [],
    departmentParts: parts.map((p) => ({
      _id: p.partId,
      status: 'reported',
      dispatchEventId: p.eventId,
    })),
    reviews: [
      {
        _id: `${id}:dibao`,
        item: 'dibao',
        approvals: [
          {
            approvalId: 'appr-1',
            instalments: [{ number: 1, amountFen: 40_000, idempotencyKey: 'appr-1:1' }],
          },
        ],
      },
    ],
    orders: [
      {
        _id: 'appr-1:1',
        approvalId: 'appr-1',
        applicationId: id,
        instalmentNumber: 1,
        amountFen: 40_000,
        status: 'confirmed',
      },
      {
        _id: 'appr-1:202701',
        approvalId: 'appr-1',
        applicationId: id,
        instalmentNumber: 202701,
        amountFen: 40_000,
        status: 'confirmed',
      },
    ],
    ledger: ['appr-1:1', 'appr-1:202701'].map((key) => ({
      key,
      cardNo: app.applicant.citizenCardNo,
      amountFen: 40_000,
      paid: true,
      day: '2026-12-01',
    })),
    reports: [{ _id: 'r1', date: '2026-12-01', status: 'completed', findingsTotal: 0 }],
    deadLetters: [
      { where: 'x.dlq#0:0', key: poison[0]!.key, group: 'education.parts' },
      // Parked twice by one group (it died before committing): still only the poison.
      { where: 'x.dlq#0:1', key: poison[0]!.key, group: 'education.parts' },
    ],
    consumers: new Map([
      ['education.parts', new Set(['jh.part.dispatched.v1'])],
      ['civil-affairs.cases', new Set(['jh.application.submitted.v1'])],
    ]),
    poison,
    auditChains: [{ service: 'payment', ok: true }],
  };
}

const failing = (s: RunState) =>
  Object.fromEntries(
    evaluate(s)
      .filter((r) => r.violations > 0)
      .map((r) => [r.name, r.examples]),
  );

describe('chaos invariant checker', () => {
  it('a consistent run breaks nothing, and every invariant checked something', () => {
    const results = evaluate(goodState());
    expect(results.filter((r) => r.violations > 0)).toEqual([]);
    expect(results.filter((r) => r.checked === 0).map((r) => r.name)).toEqual([]);
    expect(results).toHaveLength(9);
  });

  it('R-JH-1: a lost application and an application with two cases are found', () => {
    const lost = goodState();
    lost.applications = [];
    lost.cases = [];
    expect(Object.keys(failing(lost))).toContain('submitted_applications_kept');
    const twice = goodState();
    twice.cases.push({ ...twice.cases[0]!, _id: 'other' });
    expect(failing(twice)).toMatchObject({ one_case_per_accepted_application: ['app-1'] });
  });

  it('R-JH-1: a part dispatched twice (a second event id, or a second part id) is found', () => {
    const secondEvent = goodState();
    secondEvent.dispatches.push({ ...secondEvent.dispatches[0]!, eventId: 'ev-9' });
    expect(Object.keys(failing(secondEvent))).toEqual(['needed_parts_dispatched_once']);
    const secondPart = goodState();
    secondPart.dispatches.push({
      ...secondPart.dispatches[0]!,
      partId: 'part-edu-2',
      eventId: 'ev-9',
    });
    expect(failing(secondPart)['needed_parts_dispatched_once']).toEqual([
      'app-1/education: parts 2, events 0, in case 1',
    ]);
    const missing = goodState();
    missing.dispatches = missing.dispatches.filter((d) => d.department !== 'housing');
    expect(Object.keys(failing(missing))).toEqual(['needed_parts_dispatched_once']);
  });

  it('R-JH-3: a report that never reached the case is found', () => {
    const s = goodState();
    s.cases[0]!.parts[1]!.status = 'accepted';
    expect(failing(s)).toEqual({
      part_reports_reached_case: ['part-hou: department reported, case accepted'],
    });
  });

  it('R-PAY-5: an instalment without an order, a second batch order and an order nobody approved are found', () => {
    const noOrder = goodState();
    noOrder.orders = noOrder.orders.filter((o) => o._id !== 'appr-1:1');
    noOrder.ledger = noOrder.ledger.filter((p) => p.key !== 'appr-1:1');
    expect(Object.keys(failing(noOrder))).toEqual(['instalments_have_one_order_each']);
    const twoBatch = goodState();
    twoBatch.orders.push({
      ...twoBatch.orders[1]!,
      _id: 'appr-1:202702',
      instalmentNumber: 202702,
    });
    twoBatch.ledger.push({ ...twoBatch.ledger[1]!, key: 'appr-1:202702' });
    expect(failing(twoBatch)).toEqual({
      instalments_have_one_order_each: ['appr-1: 2 batch orders'],
    });
    const stray = goodState();
    stray.orders.push({ ...stray.orders[0]!, _id: 'appr-x:1', approvalId: 'appr-x' });
    stray.ledger.push({ ...stray.ledger[0]!, key: 'appr-x:1' });
    expect(failing(stray)).toEqual({
      instalments_have_one_order_each: ['appr-x:1: no such instalment'],
    });
  });

  it('R-PAY-1/R-PAY-5: paid to another card, paid twice, unpaid, or paid without an order is found', () => {
    const otherCard = goodState();
    otherCard.ledger[0]!.cardNo = '3301999999999999';
    expect(failing(otherCard)).toEqual({
      orders_paid_once_to_the_right_card: ['appr-1:1: confirmed, 1 on the ledger'],
    });
    const twice = goodState();
    twice.ledger.push({ ...twice.ledger[0]! });
    expect(failing(twice)).toEqual({
      orders_paid_once_to_the_right_card: ['appr-1:1: confirmed, 2 on the ledger'],
    });
    const unpaid = goodState();
    unpaid.orders[1]!.status = 'sent';
    expect(Object.keys(failing(unpaid))).toEqual(['orders_paid_once_to_the_right_card']);
    const orphan = goodState();
    orphan.ledger.push({ ...orphan.ledger[0]!, key: 'nobody:1' });
    expect(failing(orphan)).toEqual({
      orders_paid_once_to_the_right_card: ['nobody:1: on the ledger, no order'],
    });
  });

  it('R-PAY-5: a statement with a finding, or a day never imported, is found', () => {
    const finding = goodState();
    finding.reports[0]!.findingsTotal = 1;
    expect(failing(finding)).toEqual({
      reconciliation_without_findings: ['2026-12-01: completed/1'],
    });
    const notImported = goodState();
    notImported.reports = [];
    expect(failing(notImported)).toEqual({
      reconciliation_without_findings: ['2026-12-01: not imported'],
    });
  });

  it('a dead letter that is not the injected poison, or poison a group never parked, is found', () => {
    const stranger = goodState();
    stranger.deadLetters.push({ where: 'y.dlq#1:0', key: 'app-1', group: 'payment.orders' });
    expect(failing(stranger)).toEqual({
      dead_letters_only_injected_poison: ['y.dlq#1:0 key app-1 group payment.orders'],
    });
    const unparked = goodState();
    unparked.deadLetters = [];
    expect(failing(unparked)).toEqual({
      dead_letters_only_injected_poison: ['chaos-poison-1-0 not parked by education.parts'],
    });
  });

  it('R-OV-1: a broken audit chain is found', () => {
    const s = goodState();
    s.auditChains.push({ service: 'intake', ok: false, problem: 'seq 4 changed' });
    expect(failing(s)).toEqual({ audit_chains_verify: ['intake: seq 4 changed'] });
  });
});
