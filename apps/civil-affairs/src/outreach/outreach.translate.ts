import type { HardshipSignal as SignalEvent } from '@jh/contracts';
import type {
  HardshipSignal,
  HouseholdFlag,
  OutreachRefusal,
  ReporterRole,
  SignalKind,
  SignalSource,
  SizeBand,
} from '@jh/domain-outreach';
import { AppError, conflict, invalidInput } from '@jh/platform-errors';
import type { SubjectDoc } from './outreach.model';

/** Refusal codes that are the caller's input, not the task's state (400, not 409). */
const INPUT_CODES: Record<string, string> = {
  UNKNOWN_GRADE: 'to',
  REASON_REQUIRED: 'reason',
  INVALID_TIME: 'at',
  OUTCOME_REQUIRED: 'outcome',
  INVALID_OUTCOME: 'outcome',
  OWNER_REQUIRED: 'ownerId',
  BY_REQUIRED: 'by',
  INVALID_CONSULTATION: '(body)',
};

/** A domain refusal as the HTTP answer: field errors 400, state refusals 409 (rule named). */
export function refusalError(r: OutreachRefusal): AppError {
  if (r.errors && r.errors.length > 0)
    return invalidInput(r.errors.map((e) => ({ path: e.field, code: e.code, message: e.reason })));
  const path = INPUT_CODES[r.code];
  if (path !== undefined) return invalidInput([{ path, code: r.code, message: r.reason }]);
  return conflict(r.code, `${r.reason}（${r.ruleId}）`);
}

/** The contract's signal as the domain reads it: only the fields the domain knows, nothing more. */
export function domainSignal(event: SignalEvent): HardshipSignal {
  const r = event.reporter;
  return {
    signalId: event.signalId,
    source: event.source as SignalSource,
    kind: event.kind as SignalKind,
    band: event.band as SizeBand,
    flags: [...event.flags] as HouseholdFlag[],
    householdRef: event.householdRef,
    streetCode: event.streetCode,
    // An absent time is refused by validateSignal (INVALID_TIME).
    observedAt: event.observedAt ?? new Date(Number.NaN),
    ...(r
      ? {
          reporter: {
            role: r.role as ReporterRole,
            id: r.id,
            observation: r.observation,
            contact: r.contact,
          },
        }
      : {}),
  };
}

export function subjectOf(event: SignalEvent): SubjectDoc | null {
  const s = event.subject;
  if (!s || [s.name, s.idNumber, s.phone, s.address].every((v) => v.trim() === '')) return null;
  return {
    name: s.name.trim(),
    idNumber: s.idNumber.trim().toUpperCase(),
    phone: s.phone.trim(),
    address: s.address.trim(),
    regionCode: s.regionCode.trim(),
  };
}

/** The DLQ reason: the code, the rule and every field (no personal value is ever in them). */
export function refusalText(r: OutreachRefusal): string {
  const fields = (r.errors ?? []).map((e) => `${e.field}:${e.code}`).join(', ');
  return `${r.code} (${r.ruleId})${fields ? ` ${fields}` : ''}: ${r.reason}`;
}
