import {
  deriveStage,
  emptyFacts,
  mergeApproval,
  mergePaid,
  mergePart,
  mergeReview,
  type CaseFacts,
} from './progress.facts';

type Step = (f: CaseFacts) => CaseFacts;

const dispatched: Step = (f) =>
  mergePart(f, { partId: 'p1', department: 'education', state: 'dispatched', outcome: '' });
const reported: Step = (f) =>
  mergePart(f, { partId: 'p1', department: 'education', state: 'reported', outcome: 'granted' });
const opened: Step = (f) =>
  mergeReview(f, { reviewId: 'r1', item: '最低生活保障', status: 'accepted', sequence: 1 });
const approvedReview: Step = (f) =>
  mergeReview(f, { reviewId: 'r1', item: '最低生活保障', status: 'approved', sequence: 5 });
const approval: Step = (f) =>
  mergeApproval(f, { approvalId: 'a1', item: '最低生活保障', instalments: 2, amountFen: 160000 });
const paid =
  (n: number): Step =>
  (f) =>
    mergePaid(f, { key: `a1:${n}`, approvalId: 'a1', number: n, amountFen: 80000 });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const run = (steps: Step[]) => steps.reduce((f, step) => step(f), emptyFacts());

it('R-JH-5: the same facts give the same stage whatever order the events arrived in, and twice is once', () => {
  const steps = [dispatched, reported, opened, approvedReview, approval, paid(1), paid(2)];
  for (const order of permutations(steps)) {
    expect(deriveStage(run([...order, ...order]))).toBe('paid');
    expect(run(order).parts).toEqual([
      { partId: 'p1', department: 'education', state: 'reported', outcome: 'granted' },
    ]);
    expect(run(order).reviews).toEqual([expect.objectContaining({ status: 'approved' })]);
  }
});

it('R-JH-1: each fact moves the application along: 已受理 → 协同办理中 → 部门已反馈 → 审核中 → 已批准 → 部分发放 → 已发放', () => {
  const stages = [[], [dispatched], [dispatched, reported], [dispatched, reported, opened]].map(
    (steps) => deriveStage(run(steps)),
  );
  expect(stages).toEqual(['submitted', 'dispatched', 'reported', 'in_review']);
  expect(deriveStage(run([opened, approvedReview]))).toBe('approved');
  expect(deriveStage(run([opened, approval]))).toBe('approved');
  expect(deriveStage(run([approval, paid(1)]))).toBe('partly_paid');
  // A payment whose approval has not arrived yet cannot be "all paid".
  expect(deriveStage(run([paid(1), paid(2)]))).toBe('partly_paid');
  expect(deriveStage(run([approval, paid(2), paid(1)]))).toBe('paid');
});

it('R-JH-1: refusals, withdrawals and transfers are shown as such', () => {
  const rejected: Step = (f) =>
    mergeReview(f, { reviewId: 'r1', item: '最低生活保障', status: 'rejected', sequence: 3 });
  const withdrawn: Step = (f) =>
    mergeReview(f, { reviewId: 'r2', item: '临时救助', status: 'withdrawn', sequence: 2 });
  expect(deriveStage(run([opened, rejected]))).toBe('refused');
  expect(deriveStage(run([withdrawn]))).toBe('withdrawn');
  expect(deriveStage(run([rejected, withdrawn]))).toBe('refused');
  const cancelled: Step = (f) =>
    mergePart(f, { partId: 'p1', department: 'education', state: 'cancelled', outcome: '' });
  const replacement: Step = (f) =>
    mergePart(f, { partId: 'p2', department: 'housing', state: 'dispatched', outcome: '' });
  // A part transferred away no longer counts; its replacement is still being handled.
  expect(deriveStage(run([dispatched, cancelled, replacement]))).toBe('dispatched');
  expect(deriveStage(run([reported, cancelled]))).toBe('dispatched');
});
