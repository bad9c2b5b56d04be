import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import { call } from '../../api/typed';
import { ApiError } from '../../api/errors';
import type {
  Bulletin,
  CalendarMove,
  CalendarStatus,
  CaseView,
  PartDueExplanation,
  RiskRow,
  TimelineItem,
  Trend,
} from './types';

const CA = 'civil-affairs' as const;

export interface BoardFilters {
  region?: string;
  department?: string;
  status?: string;
  deadline?: 'overdue' | 'at_risk';
  page: number;
  pageSize: number;
}

/** Filters the service refused as unknown (an older civil-affairs): dropped, and said so. */
const optional = ['region', 'deadline'] as const;

async function listCases(f: BoardFilters, signal: AbortSignal) {
  const query: Record<string, string | number | undefined> = {
    page: f.page,
    pageSize: f.pageSize,
    status: f.status,
    department: f.department,
    region: f.region,
    // `overdue` is the service's own flag; `deadline` also covers "at risk".
    overdue: f.deadline === 'overdue' ? 'true' : undefined,
    deadline: f.deadline === 'at_risk' ? 'at_risk' : undefined,
  };
  const ignored: string[] = [];
  for (;;) {
    try {
      const page = await api<Page<CaseView>>(CA, '/cases', { query, signal });
      return { ...page, ignored };
    } catch (e) {
      const unknown =
        e instanceof ApiError && e.status === 400
          ? e.details.filter((d) => d.code === 'UNKNOWN_FIELD' && query[d.path] !== undefined)
          : [];
      if (
        unknown.length === 0 ||
        !unknown.every((d) => (optional as readonly string[]).includes(d.path))
      )
        throw e;
      for (const d of unknown) {
        ignored.push(d.path);
        query[d.path] = undefined;
      }
    }
  }
}

export const useBoard = (f: BoardFilters) =>
  useQuery({
    queryKey: [CA, 'cases', f],
    queryFn: ({ signal }) => listCases(f, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const useCase = (id: string) =>
  useQuery({
    queryKey: [CA, 'case', id],
    queryFn: ({ signal }) => api<CaseView>(CA, `/cases/${encodeURIComponent(id)}`, { signal }),
  });

export const useTimeline = (id: string) =>
  useQuery({
    queryKey: [CA, 'timeline', id],
    queryFn: ({ signal }) =>
      api<{ items: TimelineItem[] }>(CA, `/cases/${encodeURIComponent(id)}/timeline`, { signal }),
  });

export const useDueExplanation = (caseId: string, partId: string, enabled: boolean) =>
  useQuery({
    queryKey: [CA, 'due-explanation', caseId, partId],
    queryFn: ({ signal }) =>
      api<PartDueExplanation>(
        CA,
        `/cases/${encodeURIComponent(caseId)}/parts/${encodeURIComponent(partId)}/due-explanation`,
        { signal },
      ),
    enabled,
    staleTime: 10 * 60_000,
  });

export const useRiskList = (kind: 'overdue' | 'at-risk', page: number, pageSize: number) =>
  useQuery({
    queryKey: [CA, 'risk', kind, page, pageSize],
    queryFn: ({ signal }) =>
      api<Page<RiskRow>>(CA, `/coordination/${kind}`, { query: { page, pageSize }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

export const useTrend = (weeks: number, department?: string, region?: string) =>
  useQuery({
    queryKey: [CA, 'trend', weeks, department, region],
    queryFn: ({ signal }) =>
      api<Trend>(CA, '/coordination/trend', { query: { weeks, department, region }, signal }),
  });

export const useBulletin = (month: string) =>
  useQuery({
    queryKey: [CA, 'bulletin', month],
    queryFn: ({ signal }) =>
      api<Bulletin>(CA, '/coordination/bulletin', { query: { month }, signal }),
  });

export const useCalendarStatus = () =>
  useQuery({
    queryKey: [CA, 'calendar-status'],
    queryFn: ({ signal }) => api<CalendarStatus>(CA, '/calendar/status', { signal }),
  });

/** Invalidates what a write on a case changes: the case, its timeline, the board and lists. */
function useCaseWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: [CA] }),
  });
}

export const useTransfer = (caseId: string) =>
  useCaseWrite((v: { partId: string; toDepartment: string; reason: string }) =>
    call(CA, 'post', '/cases/{id}/parts/{partId}/transfer', {
      params: { id: caseId, partId: v.partId },
      body: { toDepartment: v.toDepartment, reason: v.reason },
    }),
  );

export const useReferral = (caseId: string) =>
  useCaseWrite((v: { organisation: string; kind: 'charity' | 'social_work'; reason: string }) =>
    call(CA, 'post', '/cases/{id}/referrals', { params: { id: caseId }, body: v }),
  );

export const useSupervise = () =>
  useCaseWrite(
    (v: {
      caseId: string;
      partId: string;
      action: 'remind' | 'escalate';
      note?: string;
      /** One per user action: a retried click is not a second 督办. */
      idempotencyKey: string;
    }) =>
      call(CA, 'post', '/cases/{id}/parts/{partId}/supervision', {
        params: { id: v.caseId, partId: v.partId },
        body: { action: v.action, ...(v.note ? { note: v.note } : {}) },
        headers: { 'Idempotency-Key': v.idempotencyKey },
      }),
  );

export const previewYear = (data: unknown) =>
  api<{ year: number; moves: CalendarMove[] }>(CA, '/calendar/years/preview', {
    method: 'POST',
    body: data,
  });

export const loadYear = (year: number, data: unknown) =>
  api<{ year: number; loadedYears: number[]; moves: CalendarMove[] }>(
    CA,
    `/calendar/years/${year}`,
    {
      method: 'PUT',
      body: data,
    },
  );
