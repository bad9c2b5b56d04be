import { AssistanceItem } from '@jh/contracts';
import { deadlineNotice } from '@jh/domain-calendar';
import type { DepartmentDefinition } from './department';
import type { PartClockRules, PartClocks } from './part.clocks';
import type { PartDoc } from './part.model';

/** The officer's view of a part; outbox internals never leave the service. */
export function partView(doc: PartDoc, clocks: PartClocks, now: Date) {
  const reportedAt = doc.report?.reportedAt ? new Date(doc.report.reportedAt) : undefined;
  return {
    id: doc._id,
    caseId: doc.caseId,
    applicationId: doc.applicationId,
    applicationNumber: doc.applicationNumber ?? '',
    department: doc.department,
    regionCode: doc.regionCode ?? '',
    items: doc.items.map((i) => AssistanceItem[i] ?? String(i)),
    status: doc.status,
    dispatchedAt: doc.dispatchedAt,
    reportDueAt: doc.reportClock.dueAt,
    handlingDueAt: doc.handlingClock.dueAt,
    // §10: says when these deadlines were counted Monday–Friday only.
    deadlineNotice: deadlineNotice([doc.reportClock.dueAt, doc.handlingClock.dueAt]),
    // Once reported, both clocks stop at the report (met or breached); cancelled parts keep none.
    sla:
      doc.status === 'cancelled'
        ? null
        : {
            report: clocks.status('department_report_back', doc.reportClock, now, reportedAt),
            handling: clocks.status('department_handling', doc.handlingClock, now, reportedAt),
          },
    owner: doc.owner,
    acceptedAt: doc.acceptedAt,
    report: doc.report,
    transferRequest: doc.transferRequest,
    cancellation: doc.cancellation,
    // The API keeps `actorId`, its name from before the shared audit entry (stored `byUserId`).
    audit: doc.audit.map(({ byUserId, ...entry }) => ({ ...entry, actorId: byUserId })),
  };
}

/** The department's identity and rules (GET /department). */
export function departmentView(def: DepartmentDefinition, rules: PartClockRules) {
  return {
    code: def.code,
    name: def.name,
    items: def.items.map((i) => AssistanceItem[i]),
    handlingLimitWorkingDays: rules.handlingLimitWorkingDays,
    atRiskPercent: rules.atRiskPercent,
    grantAmount: def.grantAmount,
    target: def.target
      ? { code: def.target.code, labelZh: def.target.labelZh, figures: def.target.figures }
      : null,
  };
}
