// The people of the flow, scripted: clerks submit, department officers accept and report each
// part, reviewers and approvers take each review to its decision, payment staff run the month's
// batch and import the card platform's statement. Each step reads the record first and does what
// its state asks, so a step whose answer was lost to a killed replica is never done twice.
import type { ChaosApi } from './api';
import { DEPARTMENTS, type Department, type PlannedApplication } from './plan';

const OFFICER: Record<Department, string> = {
  education: 'edu',
  housing: 'housing',
  medical: 'medical',
  employment: 'employment',
};
const PAYMENT_STAFF = 'pay.330100';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A day in Shanghai as YYYY-MM-DD, `days` from today. */
export const shanghaiDay = (days = 0) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
export const nextShanghaiMonth = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
};

export interface ApplicationOutcome {
  index: number;
  /** Intake's id, once submitted. */
  id?: string;
  /** The approval's id when approved. */
  approvalId?: string;
  decision?: 'approved' | 'rejected';
  error?: string;
}

export interface WorkloadOptions {
  api: ChaosApi;
  seed: number;
  concurrency: number;
  /** Called with the API actions done (the fault schedule's progress unit). */
  progress: (actions: number) => void;
  deadline: number;
  log: (line: string) => void;
}

/** Polls `probe` until it returns a value (or the run's deadline passes). */
async function until<T>(
  what: string,
  deadline: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (let wait = 200; ; wait = Math.min(3000, wait * 1.5)) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(wait);
  }
}

/** One step: its answer, where a 409 means "already done" (an earlier attempt got through). */
const stepDone = (status: number) => status === 200 || status === 201 || status === 409;

function reportBody(department: Department, index: number) {
  switch (department) {
    case 'employment':
      return {
        outcome: 'granted',
        amountFen: 0,
        note: '已登记就业援助',
        figures: { ableToWorkMembers: 1, employedMembers: index % 2 },
      };
    case 'housing':
      return { outcome: 'granted', amountFen: 0, note: '纳入住房保障' };
    default:
      return { outcome: 'granted', amountFen: 10_000 + (index % 50) * 100, note: '同意救助' };
  }
}

async function handlePart(
  o: WorkloadOptions,
  app: PlannedApplication,
  part: { partId: string; department: string },
  done: () => void,
): Promise<void> {
  const department = part.department as Department;
  const officer = `${OFFICER[department]}.${app.street.slice(0, 6)}`;
  const path = `/parts/${encodeURIComponent(part.partId)}`;
  const read = () =>
    until(`part ${part.partId} at ${department}`, o.deadline, async () => {
      const r = await o.api.call<{ status: string }>(officer, department, 'GET', path);
      return r.status === 200 ? r.body : undefined;
    });
  let view = await read();
  for (;;) {
    if (view.status === 'reported') return;
    const action =
      view.status === 'pending' ? 'accept' : view.status === 'accepted' ? 'report' : '';
    if (!action) throw new Error(`part ${part.partId} in state ${view.status}`);
    const body = action === 'accept' ? {} : reportBody(department, app.index);
    const r = await o.api.call<{ status: string }>(
      officer,
      department,
      'POST',
      `${path}/${action}`,
      body,
    );
    if (!stepDone(r.status)) {
      throw new Error(`POST ${department}${path}/${action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    // The answer is the part as it is now; after a 409 read it again.
    if (r.status === 409) {
      view = await read();
    } else {
      done();
      view = r.body;
    }
  }
}

interface ReviewView {
  id: string;
  stage: string;
  approval: { approvalId: string } | null;
}

async function handleReview(
  o: WorkloadOptions,
  app: PlannedApplication,
  caseId: string,
  done: () => void,
): Promise<Pick<ApplicationOutcome, 'approvalId' | 'decision'>> {
  const own = app.own!;
  const reviewer = `reviewer.${app.street}`;
  const approver = `approver.${app.street}`;
  const opened = await o.api.call<ReviewView>(reviewer, 'civil-affairs', 'POST', '/reviews', {
    caseId,
    item: own.item,
    ...(own.item === 'temporary' ? { kind: 'expenditure' } : {}),
  });
  if (opened.status !== 200 && opened.status !== 201) {
    throw new Error(`POST /reviews: ${opened.status} ${JSON.stringify(opened.body)}`);
  }
  if (opened.status === 201) done();
  const path = `/reviews/${encodeURIComponent(opened.body.id)}`;
  const today = shanghaiDay();
  const total = own.instalmentsFen.reduce((a, b) => a + b, 0);
  const read = () => o.api.ok<ReviewView>(reviewer, 'civil-affairs', 'GET', path);
  let view = opened.body;
  for (;;) {
    let step: [string, string, object];
    switch (view.stage) {
      case 'approved':
        return { approvalId: view.approval?.approvalId ?? '', decision: 'approved' };
      case 'rejected':
        return { decision: 'rejected' };
      case 'first_review':
        step = [reviewer, 'first-review', { opinion: '材料齐全' }];
        break;
      case 'economic_check':
        step = [reviewer, 'economic-check', { startedOn: today, completedOn: today }];
        break;
      case 'home_visit':
        step = [reviewer, 'home-visit', { visitedOn: today }];
        break;
      case 'democratic_review':
        step = [
          reviewer,
          'democratic-review',
          { heldOn: today, participantCount: 9, conclusion: 'agree', note: '' },
        ];
        break;
      case 'approval':
        step = own.refuse
          ? [approver, 'reject', { reason: '经核查家庭收入超过救助标准' }]
          : [
              approver,
              'approve',
              {
                amountFen: total,
                ...(own.instalmentsFen.length > 1
                  ? {
                      instalments: own.instalmentsFen.map((amountFen, i) => ({
                        amountFen,
                        ...(i > 0 ? { payFrom: shanghaiDay(7 * i) } : {}),
                      })),
                    }
                  : {}),
              },
            ];
        break;
      default:
        throw new Error(`review ${view.id} at unexpected stage ${view.stage}`);
    }
    const [user, name, body] = step;
    const r = await o.api.call<ReviewView>(user, 'civil-affairs', 'POST', `${path}/${name}`, body);
    if (!stepDone(r.status)) {
      throw new Error(`POST ${path}/${name}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    if (r.status === 409) {
      view = await read();
    } else {
      done();
      view = r.body;
    }
  }
}

async function runApplication(
  o: WorkloadOptions,
  app: PlannedApplication,
): Promise<ApplicationOutcome> {
  const outcome: ApplicationOutcome = { index: app.index };
  const done = () => o.progress(1);
  const submitted = await o.api.call<{ id: string }>(
    `clerk.${app.street}`,
    'intake',
    'POST',
    '/applications',
    {
      applicant: { ...app.applicant, regionCode: app.street },
      items: app.items,
      channel: 'window',
      hardshipDescription: '家庭遭遇变故，生活陷入困境',
      declarationSigned: true,
    },
    { idempotencyKey: `chaos-${o.seed}-${app.index}` },
  );
  if (submitted.status !== 201 && submitted.status !== 200) {
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  }
  done();
  const id = submitted.body.id;
  outcome.id = id;
  const coordinator = `coord.${app.street.slice(0, 6)}`;
  const kase = await until(`case ${id}`, o.deadline, async () => {
    const r = await o.api.call<{ parts: { partId: string; department: string; status: string }[] }>(
      coordinator,
      'civil-affairs',
      'GET',
      `/cases/${encodeURIComponent(id)}`,
    );
    return r.status === 200 ? r.body : undefined;
  });
  const parts = kase.parts.filter((p) => (DEPARTMENTS as readonly string[]).includes(p.department));
  const [review] = await Promise.all([
    app.own ? handleReview(o, app, id, done) : Promise.resolve({}),
    ...parts.map((p) => handlePart(o, app, p, done)),
  ]);
  return { ...outcome, ...review };
}

/** Runs every application's flow, `concurrency` at a time; failures are recorded, not thrown. */
export async function runApplications(
  o: WorkloadOptions,
  apps: PlannedApplication[],
  planned: (app: PlannedApplication) => number,
): Promise<ApplicationOutcome[]> {
  const outcomes: ApplicationOutcome[] = new Array(apps.length);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= apps.length) return;
      const app = apps[i]!;
      let counted = 0;
      const counting: WorkloadOptions = {
        ...o,
        progress: (n) => {
          counted += n;
          o.progress(n);
        },
      };
      try {
        outcomes[i] = await runApplication(counting, app);
      } catch (e) {
        outcomes[i] = { index: app.index, error: (e as Error).message.slice(0, 300) };
      }
      // Steps a lost answer hid still count: progress ends at exactly 1.
      const rest = planned(app) - counted;
      if (rest > 0) o.progress(rest);
      finished += 1;
      if (finished % 100 === 0) o.log(`${finished}/${apps.length} applications through the flow`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return outcomes;
}

/** 月度批次 for next month by the city's payment staff; re-run when an attempt died with its replica. */
export async function runMonthlyBatch(api: ChaosApi, deadline: number): Promise<unknown> {
  const month = nextShanghaiMonth();
  type Run = { status: string; heartbeatAt: string | null; counts: Record<string, number> };
  for (;;) {
    const started = await api.call<Run>(PAYMENT_STAFF, 'payment', 'POST', '/batches/monthly', {
      month,
    });
    if (![202, 409].includes(started.status)) {
      throw new Error(`POST /batches/monthly: ${started.status} ${JSON.stringify(started.body)}`);
    }
    const run = await until(`batch ${month}`, deadline, async () => {
      const r = await api.call<Run>(PAYMENT_STAFF, 'payment', 'GET', `/batches/monthly/${month}`);
      if (r.status !== 200) return undefined;
      if (r.body.status !== 'running') return r.body;
      // A run whose replica died stops beating; a new start takes it over once it is stale.
      const beat = r.body.heartbeatAt ? Date.parse(r.body.heartbeatAt) : 0;
      return Date.now() - beat > 150_000 ? r.body : undefined;
    });
    if (run.status === 'completed') return { month, ...run.counts };
    if (Date.now() > deadline) throw new Error(`batch ${month} ended ${run.status}`);
  }
}

/**
 * The card platform's statement of `date`, imported by the city's payment staff as its file;
 * resolves with the report once matched.
 */
export async function importStatement(
  api: ChaosApi,
  date: string,
  csv: string,
  deadline: number,
): Promise<{ id: string; status: string; findingsTotal: number; rows: number }> {
  type Report = { id: string; status: string; findingsTotal: number; rows: number };
  const started = await api.call<Report>(
    PAYMENT_STAFF,
    'payment',
    'POST',
    `/reconciliations/${date}/file`,
    csv,
    { contentType: 'text/csv' },
  );
  if (started.status !== 202 && started.status !== 200) {
    throw new Error(`statement ${date}: ${started.status} ${JSON.stringify(started.body)}`);
  }
  const id = encodeURIComponent(started.body.id);
  return until(`statement ${date} matched`, deadline, async () => {
    const r = await api.call<Report>(PAYMENT_STAFF, 'payment', 'GET', `/reconciliations/${id}`);
    return r.status === 200 && r.body.status !== 'running' ? r.body : undefined;
  });
}
