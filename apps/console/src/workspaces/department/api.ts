import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import { call } from '../../api/typed';
import type { DepartmentService } from '../../auth/roles';

// Local types of the department kit's views (libs/department-kit part.view.ts): the generated
// OpenAPI types describe requests, not these answers.

export type PartStatus = 'pending' | 'accepted' | 'reported' | 'transfer_requested' | 'cancelled';
export type Outcome = 'granted' | 'rejected' | 'not_applicable' | 'referred';
export type ClockStatus = 'on_track' | 'at_risk' | 'breached' | 'met';
export type GrantAmountRule = 'required' | 'optional' | 'forbidden';

/** GET /department: the department's identity and the rules its report form follows. */
export interface DepartmentDef {
  code: string;
  name: string;
  items: string[];
  handlingLimitWorkingDays: number;
  atRiskPercent: number;
  grantAmount: GrantAmountRule;
  target: { code: string; labelZh: string; figures: Record<string, string> } | null;
}

export interface PartAuditEntry {
  at: string;
  action: string;
  reason: string;
  fromStatus: PartStatus | null;
  toStatus: PartStatus;
  eventId: string;
  actorId: string;
}

export interface PartView {
  id: string;
  caseId: string;
  applicationId: string;
  /** The number the applicant holds (JH-2026-000123); '' for parts dispatched before it was sent. */
  applicationNumber: string;
  department: string;
  regionCode: string;
  items: string[];
  status: PartStatus;
  dispatchedAt: string;
  reportDueAt: string;
  handlingDueAt: string;
  deadlineNotice?: { assumedWeekdaysOnly: boolean; yearsWithoutData: number[]; message?: string };
  sla: { report: ClockStatus; handling: ClockStatus } | null;
  owner: { userId: string; name: string } | null;
  acceptedAt: string | null;
  report: {
    outcome: Outcome;
    amountFen: number;
    note: string;
    officerId: string;
    reportedAt: string;
    figures?: Record<string, number>;
    targetMet?: boolean;
  } | null;
  transferRequest: {
    suggestedDepartment: string;
    reason: string;
    officerId: string;
    requestedAt: string;
  } | null;
  cancellation: {
    reason: string;
    note: string;
    replacementPartId: string;
    cancelledAt: string;
  } | null;
  audit: PartAuditEntry[];
}

export interface PartPage extends Page<PartView> {
  summary?: Record<string, unknown>;
}

/** The worklist filters the kit's GET /parts accepts (part.input.ts listQuery). */
export interface PartFilters {
  status?: PartStatus;
  overdue?: boolean;
  atRisk?: boolean;
  targetMet?: boolean;
  /** An exact application number. */
  q?: string;
  page: number;
  pageSize: number;
}

export const partKeys = {
  all: (svc: DepartmentService) => ['department', svc] as const,
  list: (svc: DepartmentService, f: PartFilters) => ['department', svc, 'parts', f] as const,
  one: (svc: DepartmentService, id: string) => ['department', svc, 'part', id] as const,
};

/** The definition rarely changes: cached for the session. */
export function useDepartmentDef(svc: DepartmentService) {
  return useQuery({
    queryKey: ['department', svc, 'definition'],
    queryFn: ({ signal }) => api<DepartmentDef>(svc, '/department', { signal }),
    staleTime: 30 * 60_000,
  });
}

/** Polls every 10 s so new parts show up without a reload; the previous page stays while loading. */
export function usePartsPage(svc: DepartmentService, filters: PartFilters) {
  return useQuery({
    queryKey: partKeys.list(svc, filters),
    queryFn: ({ signal }) =>
      call<PartPage, DepartmentService, 'get', '/parts'>(svc, 'get', '/parts', {
        signal,
        query: {
          status: filters.status,
          overdue: filters.overdue ? 'true' : undefined,
          atRisk: filters.atRisk ? 'true' : undefined,
          targetMet:
            filters.targetMet === undefined ? undefined : filters.targetMet ? 'true' : 'false',
          q: filters.q,
          page: filters.page,
          pageSize: filters.pageSize,
        },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

export function usePart(svc: DepartmentService, id: string) {
  return useQuery({
    queryKey: partKeys.one(svc, id),
    queryFn: ({ signal }) => api<PartView>(svc, `/parts/${encodeURIComponent(id)}`, { signal }),
  });
}

export const acceptPart = (svc: DepartmentService, id: string) =>
  call<PartView, DepartmentService, 'post', '/parts/{id}/accept'>(
    svc,
    'post',
    '/parts/{id}/accept',
    {
      params: { id },
    },
  );

export interface ReportBody {
  outcome: Outcome;
  amountFen: number;
  note: string;
  figures?: Record<string, number>;
}

export const reportPart = (svc: DepartmentService, id: string, body: ReportBody) =>
  call<PartView, DepartmentService, 'post', '/parts/{id}/report'>(
    svc,
    'post',
    '/parts/{id}/report',
    {
      params: { id },
      body,
    },
  );

export const requestTransfer = (
  svc: DepartmentService,
  id: string,
  body: { reason: string; suggestedDepartment?: string },
) =>
  call<PartView, DepartmentService, 'post', '/parts/{id}/transfer-request'>(
    svc,
    'post',
    '/parts/{id}/transfer-request',
    { params: { id }, body },
  );

// ---- education's 免申即享 list (apps/education/src/exemption/exemption.view.ts) -------------

export type ExemptionStatus = 'active' | 'ending' | 'ended';

export interface ExemptionView {
  id: string;
  automatic: true;
  category: string;
  categoryZh: string;
  student: { name: string; idNumber: string; school: string };
  household: { caseId: string; householdNo: string; regionCode: string };
  status: ExemptionStatus;
  startMonth: string;
  startsOn: string;
  lastDay: string | null;
  lastMonth: string | null;
  stopsFromSemester: string | null;
  reason: string;
  endReason: string;
  certificateNo: string;
  certifiedAt: string | null;
  endedAt: string | null;
}

export function useExemptions(filters: {
  status?: ExemptionStatus;
  page: number;
  pageSize: number;
}) {
  return useQuery({
    queryKey: ['department', 'education', 'exemptions', filters],
    queryFn: ({ signal }) =>
      api<Page<ExemptionView>>('education', '/exemptions', { signal, query: { ...filters } }),
    placeholderData: keepPreviousData,
  });
}
