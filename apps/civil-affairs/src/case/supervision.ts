import { randomUUID } from 'node:crypto';
import { EscalationLevel, SlaClockType, Topics } from '@jh/contracts';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import type { CaseDoc, ClockCode, PartDoc, SupervisionAction, SupervisionDoc } from './case.model';
import { outboxEntry, type CaseService } from './case.service';
import { isOpen } from './part-deadlines';

/** The SLA monitor's levels, reused: a reminder is its reminder, an escalation its coordinator level. */
const levelOf: Record<SupervisionAction, EscalationLevel> = {
  remind: EscalationLevel.ESCALATION_LEVEL_REMINDER,
  escalate: EscalationLevel.ESCALATION_LEVEL_COORDINATOR,
};
const clockOf: Record<ClockCode, SlaClockType> = {
  report: SlaClockType.SLA_CLOCK_TYPE_REPORT,
  handling: SlaClockType.SLA_CLOCK_TYPE_HANDLING,
};

/** The clock a 督办 concerns: the earliest overdue one, else at risk, else the next to fall due. */
export function supervisedClock(part: PartDoc, now: Date): ClockCode {
  const clocks = ['report', 'handling'] as const;
  const overdue = clocks.filter((c) => part[c].dueAt < now);
  const atRisk = clocks.filter((c) => part[c].atRiskAt <= now);
  const pick = overdue[0] ?? atRisk[0];
  if (pick) return pick;
  return part.report.dueAt <= part.handling.dueAt ? 'report' : 'handling';
}

export interface SuperviseInput {
  action: SupervisionAction;
  note?: string;
}

export interface Supervised {
  doc: CaseDoc;
  part: PartDoc;
  supervision: SupervisionDoc;
  /** True when an earlier request with the same Idempotency-Key was answered again. */
  replayed: boolean;
}

const sameRequest = (s: SupervisionDoc, input: SuperviseInput) =>
  s.action === input.action && s.note === (input.note ?? '');

/**
 * 督办 (R-JH-4): recorded on the part (who, when, note) and announced as the PartOverdue the SLA
 * monitor publishes, in the same guarded write. With an Idempotency-Key, a retry answers the
 * first 督办 and publishes nothing more; the same key for a different request is refused.
 */
export async function supervise(
  cases: CaseService,
  caseId: string,
  partId: string,
  input: SuperviseInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<Supervised> {
  const key = idempotencyKey === undefined ? null : `${actor.userId}:${idempotencyKey}`;
  let earlier: SupervisionDoc | undefined;
  let created: SupervisionDoc | undefined;
  const doc = await cases.mutate(caseId, (d, now) => {
    created = undefined;
    const part = d.parts.find((p) => p.partId === partId);
    if (!part) throw notFound('PART_NOT_FOUND', '未找到该部门事项');
    earlier = key === null ? undefined : part.supervisions?.find((s) => s.idempotencyKey === key);
    if (earlier) {
      if (!sameRequest(earlier, input))
        throw conflict(
          'IDEMPOTENCY_KEY_REUSED',
          '该幂等键已用于内容不同的督办，请勿重复使用（Idempotency-Key 与请求内容不符）',
        );
      return 'unchanged';
    }
    if (!isOpen(part)) throw conflict('PART_NOT_OPEN', '该部门事项已反馈或已撤回，不能督办');
    const clock = supervisedClock(part, now);
    const entry = outboxEntry(
      Topics.partOverdue,
      {
        partId: part.partId,
        caseId: d._id,
        applicationId: d.applicationId,
        department: part.department,
        clock: clockOf[clock],
        level: levelOf[input.action],
        dueAt: part[clock].dueAt,
        detectedAt: now,
      },
      d,
      now,
    );
    created = {
      supervisionId: randomUUID(),
      action: input.action,
      note: input.note ?? '',
      clock,
      byUserId: actor.userId,
      at: now,
      eventId: entry.eventId,
      idempotencyKey: key,
    };
    part.supervisions = [...(part.supervisions ?? []), created];
    return { doc: d, outbox: [entry] };
  });
  const supervision = earlier ?? created;
  const part = doc.parts.find((p) => p.partId === partId);
  if (!supervision || !part) throw new Error('supervision not applied');
  return { doc, part, supervision, replayed: earlier !== undefined };
}
