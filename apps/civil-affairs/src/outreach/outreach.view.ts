import { maskIdNumber } from '@jh/domain-application';
import {
  type ApplicationDraft,
  type Consultation,
  type TaskSignal,
  GRADE_ZH,
  HOUSEHOLD_FLAG_ZH,
  SIGNAL_KIND_ZH,
  SIGNAL_SOURCE_ZH,
  SIZE_BAND_ZH,
  evaluateResponse,
  followUpStatus,
  needNameZh,
} from '@jh/domain-outreach';
import { excelCsv, iso } from '@jh/platform-http';
import type {
  ConsultationDoc,
  OutreachSignalDoc,
  OutreachTaskDoc,
  SubjectDoc,
} from './outreach.model';
import type { StreetResponseRow } from './outreach.overview';

/** 王小明 → 王**: lists never show a full name (R-OV-2). */
export const maskName = (name: string): string =>
  name === '' ? '' : `${[...name][0]}${'*'.repeat(Math.max([...name].length - 1, 1))}`;
const maskPhone = (phone: string) =>
  phone.length < 7 ? (phone === '' ? '' : '****') : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const maskAddress = (address: string) =>
  address === '' ? '' : `${[...address].slice(0, 6).join('')}****`;

function subjectView(subject: SubjectDoc | null, unmasked: boolean) {
  if (!subject) return null;
  if (unmasked) return { ...subject, masked: false };
  return {
    name: maskName(subject.name),
    idNumber: subject.idNumber === '' ? '' : maskIdNumber(subject.idNumber),
    phone: maskPhone(subject.phone),
    address: maskAddress(subject.address),
    regionCode: subject.regionCode,
    masked: true,
  };
}

function clockView(doc: OutreachTaskDoc, now: Date) {
  const e = evaluateResponse(doc.task, now);
  return {
    status: e.status,
    grade: e.grade,
    gradeZh: e.gradeZh,
    dueAt: iso(e.dueAt),
    atRiskFrom: iso(e.atRiskFrom),
    remainingMs: e.remainingMs,
    assumedWeekdaysOnly: e.assumedWeekdaysOnly,
  };
}

const needsView = (needs: readonly string[]) =>
  needs.map((code) => ({ code, nameZh: needNameZh(code as never) }));

/** A row of the street's list: no ID number, the name masked. */
export function taskListItem(doc: OutreachTaskDoc, now: Date) {
  return {
    id: doc._id,
    streetCode: doc.task.streetCode,
    status: doc.status,
    grade: doc.grade,
    gradeZh: GRADE_ZH[doc.grade],
    clock: clockView(doc, now),
    needs: needsView(doc.task.needs),
    signalCount: doc.task.signals.length,
    subjectName: doc.subject ? maskName(doc.subject.name) : '',
    openedAt: iso(doc.openedAt),
    escalations: doc.escalations,
  };
}

function signalView(s: TaskSignal, unmasked: boolean) {
  const { signal } = s;
  return {
    signalId: signal.signalId,
    source: signal.source,
    sourceZh: SIGNAL_SOURCE_ZH[signal.source],
    kind: signal.kind,
    kindZh: SIGNAL_KIND_ZH[signal.kind],
    band: signal.band,
    bandZh: SIZE_BAND_ZH[signal.band],
    flags: signal.flags.map((f) => ({ code: f, nameZh: HOUSEHOLD_FLAG_ZH[f] })),
    reporterRole: signal.reporter?.role ?? null,
    // What a reporter saw and how to reach them are personal: only in a recorded read.
    ...(unmasked && signal.reporter
      ? { observation: signal.reporter.observation, contact: signal.reporter.contact }
      : {}),
    observedAt: iso(signal.observedAt),
    receivedAt: iso(s.receivedAt),
    needs: needsView(s.needs),
    covered: s.covered,
  };
}

/** The task with its signals, clock, grade history and ending. */
export function taskView(doc: OutreachTaskDoc, now: Date, unmasked: boolean) {
  const { task } = doc;
  return {
    ...taskListItem(doc, now),
    subject: subjectView(doc.subject, unmasked),
    signals: task.signals.map((s) => signalView(s, unmasked)),
    gradeHistory: task.gradeHistory.map((g) => ({
      ...g,
      at: iso(g.at),
      toZh: GRADE_ZH[g.to],
      fromZh: g.from ? GRADE_ZH[g.from] : null,
    })),
    ending: task.ended ? { ...task.ended, at: iso(task.ended.at) } : null,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    updatedAt: iso(doc.updatedAt),
  };
}

/**
 * R-PD-3: intake's `POST /applications` body minus the signature (`declarationSigned`), so the
 * console submits it once the family has signed; the outreach link and owner beside it.
 */
export function draftView(draft: ApplicationDraft, subject: SubjectDoc | null) {
  const s = subject ?? { name: '', idNumber: '', phone: '', address: '', regionCode: '' };
  return {
    outreachTaskId: draft.outreachTaskId,
    ownerId: draft.ownerId,
    signalIds: draft.signalIds,
    application: {
      applicant: {
        name: s.name,
        idNumber: s.idNumber,
        ...(s.phone ? { phone: s.phone } : {}),
        ...(s.address ? { address: s.address } : {}),
        regionCode: s.regionCode || draft.regionCode,
      },
      householdMembers: [],
      items: draft.items,
      channel: draft.channel,
      hardshipDescription: draft.situationZh.join('\n'),
      missingDocuments: [],
    },
  };
}

export function consultationView(doc: ConsultationDoc, now: Date) {
  const c: Consultation = doc.consultation;
  return {
    id: doc._id,
    householdRef: c.householdRef,
    taskId: c.taskId ?? null,
    heldOn: c.heldOn,
    coordinatorId: c.coordinatorId,
    departmentsPresent: c.departmentsPresent,
    findings: c.findings,
    decisions: c.decisions,
    followUps: c.followUps.map((f, i) => {
      const e = followUpStatus(f, now);
      return {
        n: i + 1,
        id: f.id,
        owner: f.owner,
        department: f.department,
        description: f.description,
        deadline: f.deadline,
        dueAt: iso(f.dueAt),
        status: e.status,
        doneLate: e.doneLate,
        doneAt: iso(f.doneAt ?? null),
        doneBy: f.doneBy ?? null,
      };
    }),
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    recordedAt: iso(doc.recordedAt),
  };
}

/** A row of the coordinator's list: the meeting and its follow-ups' state, no findings. */
export function consultationListItem(doc: ConsultationDoc, now: Date) {
  const c = doc.consultation;
  const states = c.followUps.map((f) => followUpStatus(f, now).status);
  return {
    id: doc._id,
    taskId: c.taskId ?? null,
    streetCode: doc.scope.street,
    heldOn: c.heldOn,
    coordinatorId: c.coordinatorId,
    departmentsPresent: c.departmentsPresent,
    decisions: c.decisions.length,
    followUps: {
      total: states.length,
      done: states.filter((s) => s === 'done').length,
      overdue: states.filter((s) => s === 'overdue').length,
    },
    recordedAt: iso(doc.recordedAt),
  };
}

/** A signal that opened no task: the need was already covered (R-PD-1), with the reason. */
export function skippedView(doc: OutreachSignalDoc) {
  return {
    signalId: doc._id,
    streetCode: doc.scope.street,
    reason: doc.reason,
    covered: doc.covered,
    receivedAt: iso(doc.receivedAt),
  };
}

/** The month's 通报 as CSV with Chinese headers (R-PD-2). */
export function bulletinCsv(rows: readonly StreetResponseRow[]): string {
  const header = [
    '街道代码',
    '新建外展任务',
    '按时响应',
    '超时响应',
    '未到期',
    '按时率',
    '响应用时中位数（分钟）',
    '最长超时（分钟）',
  ];
  return excelCsv([
    header,
    ...rows.map((r) => [
      r.streetCode,
      r.opened,
      r.onTime,
      r.late,
      r.pending,
      r.onTimeRate === null ? '' : `${(r.onTimeRate * 100).toFixed(1)}%`,
      r.medianResponseMinutes,
      r.maxLateMinutes,
    ]),
  ]);
}
