import { keycloakToken, TEST_PASSWORD, waitFor } from '@jh/platform-testing';
import { readmeShot, signIn, step, withArtifacts, type BrowserSession } from './browser';
import {
  approve,
  expectRoutedToCounty,
  expectStepRefused,
  openReviewFromQueue,
  seedReviewAwaitingApproval,
} from './console/approval.steps';
import { findByPerson, findTrail, seedPersonalDataRead, verifyChain } from './console/audit.steps';
import {
  expectFindings,
  importStatement,
  openOrder,
  reimportChangesNothing,
  runMonthlyBatch,
  statementWithThreeMismatches,
  visitReservesAndTotals,
  type PaymentCall,
} from './console/payment.steps';
import {
  democraticReview,
  drawSpotChecks,
  firstAid,
  seedDeliberationAtReview,
  testIdNumber,
} from './console/procedures.steps';
import { submitByApi, type Applicant, type SeedApi } from './console/seed';
import { a11yLog, journeyHooks } from './journey';
import type { System } from './system';

// Issue 16's journeys across the people who decide, pay and check, in Debian's Chromium against
// the real services, engines and Keycloak: separation of duties refused before the click (R-AP-1),
// a 601 元 case routed to the county (R-AP-5), a 一事一议 with 11 participants held back, first
// aid within its cap (R-AP-9), the month's spot checks (R-AP-7), a month's batch generated and
// paid (R-PAY-1), a statement with three mismatches showing exactly those three, a re-import that
// changes nothing, and an auditor finding the approval's trail and verifying the chain (R-OV-1).
jest.setTimeout(900_000);

const shoot = readmeShot;

let system: System;
let session: BrowserSession;
let api: SeedApi;
// Monthly orders go out as soon as the batch makes them (not days before their due date).
journeyHooks(
  { env: { payment: { SEND_LEAD_HOURS: '2400' } } },
  (c) => ({ system, session, api } = c),
);
const { a11y, record } = a11yLog();

const utcDay = () => new Date().toISOString().slice(0, 10);
const shanghaiMonthPlus = (months: number) => {
  const d = new Date(Date.now() + 8 * 3600_000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  return m.toISOString().slice(0, 7);
};

const street = '330106001';
const applicant = (serial: number, name: string, card: string): Applicant => ({
  name,
  idNumber: testIdNumber(serial, '330106', '19680304'),
  citizenCardNo: card,
  regionCode: street,
});
const routed = applicant(161, '钱志强', '3301060000161161');
const dibao = applicant(162, '孙桂英', '3301060000162162');
let routedReview = '';
let routedApplicationId = '';
/** An order paid by the system alone (batch, push, platform callback): its trail for the auditor. */
let paidOrderId = '';

const newPage = async () => (await session.newContext()).newPage();

describe('console journeys (issue 16): approvers → payment staff → auditors', () => {
  it('R-AP-1: a person who did the first review sees approval refused for that case before clicking, and nothing changes', async () => {
    // One person holding both roles (a real case in small streets): the console must refuse.
    const dual = {
      userId: 'e2e-dual-reviewer',
      roles: ['first_reviewer', 'approver'] as const,
      regionCode: street,
      name: '双岗人员',
    };
    await keycloakToken({ ...dual, roles: [...dual.roles] });
    const seeded = await seedReviewAwaitingApproval(api, routed, {
      clerk: 'clerk.330106001',
      reviewer: dual.userId,
    });
    routedReview = seeded.reviewId;
    const page = await newPage();
    await withArtifacts('sod', async () => {
      await step(page, 'sign-in', () => signIn(page, system.url, dual.userId, TEST_PASSWORD));
      const opened = await step(page, 'queue', () =>
        openReviewFromQueue(page, system.url, seeded.applicationNumber),
      );
      record('sod', opened.a11y);
      const text = await expectStepRefused(page, 'approve', /职责分离|三人|不同/);
      expect(text).toContain('R-AP-1');
      const after = await api.ok<{ status: string }>(
        'coord.330106',
        'civil-affairs',
        'GET',
        `/reviews/${encodeURIComponent(routedReview)}`,
      );
      expect(after.status).toBe('awaiting_confirmation');
    });
    await page.context().close();
  });

  it('R-AP-5: the street approver asks for 601 元 and sees the case routed to the county, which approves it', async () => {
    const page = await newPage();
    const base = system.url;
    const review = await api.ok<{ applicationNumber: string; caseId: string }>(
      'coord.330106',
      'civil-affairs',
      'GET',
      `/reviews/${encodeURIComponent(routedReview)}`,
    );
    routedApplicationId = review.caseId;
    await withArtifacts('approver', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'approver.330106001'));
      const opened = await step(page, 'queue', () =>
        openReviewFromQueue(page, base, review.applicationNumber),
      );
      record('approver', opened.a11y);
      await shoot(page, 'approval-review');
      await step(page, 'approve 601', () => approve(page, '601'));
      const shown = await step(page, 'routed', () => expectRoutedToCounty(page));
      record('approver', shown.a11y);
    });
    await page.context().close();
    // The county approves it (its own screen is the same page): the aid goes to payment.
    await api.ok(
      'county.330106',
      'civil-affairs',
      'POST',
      `/reviews/${encodeURIComponent(routedReview)}/approve`,
      {
        amountFen: 60_100,
      },
    );
  });

  it('一事一议 with 11 participants cannot proceed; first aid within the cap; the month’s spot checks (R-AP-7, R-AP-9)', async () => {
    const seeded = await seedDeliberationAtReview(api, {
      clerk: 'clerk.330106001',
      investigator: 'reviewer.330106001',
      serial: 171,
    });
    const page = await newPage();
    const base = system.url;
    await withArtifacts('procedures', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'reviewer.330106001'));
      const held = await step(page, '11 participants', () =>
        democraticReview(page, base, { applicantName: seeded.applicantName, participants: 11 }),
      );
      record('deliberation', held.a11y);
      expect(held.proceeded).toBe(false);
      expect(held.message).toMatch(/不得少于12人/);
      expect(held.stage).toBe('民主评议');
      await shoot(page, 'approval-deliberation');
    });
    await page.context().close();

    const approver = await newPage();
    await withArtifacts('first-aid', async () => {
      await step(approver, 'sign-in', () => signIn(approver, base, 'approver.330106001'));
      const aid = await step(approver, 'first aid', () =>
        firstAid(approver, base, {
          name: '周海燕',
          idNumber: testIdNumber(172, '330106', '19790912'),
          citizenCardNo: '3301060000172172',
          amountYuan: '3000',
        }),
      );
      record('first-aid', aid.a11y);
      expect(aid.id).not.toBeNull();
      expect(aid.capText).toMatch(/5,000/);
    });
    await approver.context().close();

    const county = await newPage();
    await withArtifacts('spot-checks', async () => {
      await step(county, 'sign-in', () => signIn(county, base, 'county.330106'));
      const drawn = await step(county, 'draw', () =>
        drawSpotChecks(county, base, shanghaiMonthPlus(-1)),
      );
      record('spot-checks', drawn.a11y);
      // The month is drawn after it ends (the screen refuses the running month).
      expect(drawn.categories.length).toBeGreaterThan(0);
      await shoot(county, 'approval-spot-checks');
    });
    await county.context().close();
  });

  it('R-PAY-1/R-PAY-5: a month’s batch is generated and paid; a statement with three mismatches shows exactly those three; a re-import changes nothing', async () => {
    // A 低保 household approved by the street (≤ 500 元): a monthly recipient for the batch.
    const seeded = await submitByApi(api, 'clerk.330106001', dibao, ['dibao']);
    const review = await api.ok<{ id: string }>(
      'reviewer.330106001',
      'civil-affairs',
      'POST',
      '/reviews',
      {
        caseId: seeded.applicationId,
        item: 'dibao',
      },
    );
    const id = encodeURIComponent(review.id);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const [path, body] of [
      ['first-review', { opinion: '材料齐全' }],
      ['economic-check', { startedOn: today, completedOn: today }],
      ['home-visit', { visitedOn: today }],
      ['democratic-review', { heldOn: today, participantCount: 9, conclusion: 'agree', note: '' }],
    ] as const) {
      const res = await api.call(
        'reviewer.330106001',
        'civil-affairs',
        'POST',
        `/reviews/${id}/${path}`,
        body,
      );
      if (path !== 'democratic-review') expect(res.status).toBe(200);
    }
    await api.ok('approver.330106001', 'civil-affairs', 'POST', `/reviews/${id}/approve`, {
      amountFen: 45_000,
    });

    const pay: PaymentCall = (m, p, b) => api.call('pay.330100', 'payment', m, p, b);
    const page = await newPage();
    const base = system.url;
    await withArtifacts('payment', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'pay.330100'));
      const batch = await step(page, 'monthly batch', () =>
        runMonthlyBatch(page, base, shanghaiMonthPlus(1)),
      );
      record('payment', batch.a11y);
      expect(Number(batch.figures['新生成指令'])).toBeGreaterThanOrEqual(1);
      await shoot(page, 'payment-batch');
      // Paid: every order of the two approvals confirmed by the card platform's callback. Polled
      // through the auditor's masked view: payment staff's full card numbers would record a read
      // per order and poll, burying the order's own moves in its trail.
      const orders = await waitFor(
        async () => {
          const got = (await api.call('audit.330106', 'payment', 'GET', '/orders?limit=1000'))
            .body as {
            items: { id: string; status: string }[];
          };
          return got.items.length >= 2 && got.items.every((o) => o.status === 'confirmed')
            ? got.items
            : undefined;
        },
        { what: 'every order confirmed', timeoutMs: 120_000 },
      );
      paidOrderId = orders[0]!.id;
      const opened = await step(page, 'order', () => openOrder(page, base, orders[0]!.id));
      record('payment', opened.a11y);
      await shoot(page, 'payment-order');

      const date = utcDay();
      const statement = await statementWithThreeMismatches(pay, date);
      const imported = await step(page, 'import', () =>
        importStatement(page, base, date, statement.csv),
      );
      record('payment', imported.a11y);
      expectFindings(imported.findings, statement.expected);
      expect(imported.findings).toHaveLength(3);
      await shoot(page, 'payment-reconciliation');
      const again = await step(page, 're-import', () =>
        reimportChangesNothing(page, base, date, statement.csv, pay, imported.findings),
      );
      record('payment', again.a11y);
      const rest = await step(page, 'reserves and totals', () =>
        visitReservesAndTotals(page, base),
      );
      record('payment', rest.a11y);
      await shoot(page, 'payment-totals');
    });
    await page.context().close();
  });

  it('R-OV-1: the auditor finds the approval’s trail, the paid order’s trail, the read of the applicant’s data by ID number, and verifies the chains', async () => {
    await seedPersonalDataRead(api, routedApplicationId);
    const page = await newPage();
    const base = system.url;
    await withArtifacts('auditor', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'audit.330106'));
      const trail = await step(page, 'trail', () =>
        findTrail(page, base, { service: 'civil-affairs', objectId: routedReview, atLeast: 3 }),
      );
      record('audit', trail.a11y);
      expect(trail.rows.map((r) => r.action).join('|')).toMatch(/审批/);
      // The payment nobody touched by hand: created, claimed, pushed, confirmed (ADR 0019).
      const payment = await step(page, 'payment trail', () =>
        findTrail(page, base, { service: 'payment', objectId: paidOrderId, atLeast: 4 }),
      );
      record('audit', payment.a11y);
      const moves = payment.rows.map((r) => r.action).join('|');
      expect(moves).toMatch(/支付指令：生成支付指令/);
      expect(moves).toMatch(/支付指令：平台确认到账/);
      await shoot(page, 'audit-search');
      const person = await step(page, 'by person', () =>
        findByPerson(page, base, { service: 'intake', idNumber: routed.idNumber }),
      );
      record('audit', person.a11y);
      expect(person.rows.length).toBeGreaterThanOrEqual(1);
      expect(page.url()).not.toContain(routed.idNumber);
      for (const service of ['civil-affairs', 'payment'] as const) {
        const verified = await step(page, `verify ${service}`, () =>
          verifyChain(page, base, service),
        );
        record('audit', verified.a11y);
        expect(verified.ok).toBe(true);
      }
      await shoot(page, 'audit-chain');
    });
    await page.context().close();
  });

  it('every screen visited passes axe (no serious or critical violation)', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(12);
    const failing = Object.fromEntries(Object.entries(a11y).filter(([, v]) => v.length > 0));
    expect(failing).toEqual({});
  });
});
