import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import { call } from '../../api/typed';
import type {
  Bulletin,
  CalendarMove,
  CalendarStatus,
  CaseStatus,
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
  status?: CaseStatus;
  deadline?: 'overdue' | 'at_risk';
  /** An exact application number. */
  q?: string;
  page: number;
  pageSize: number;
}

/** GET /cases with the filters as the service's schema states them (generated types). */
const listCases = (f: BoardFilters, signal: AbortSignal) =>
  call<Page<CaseView>, typeof CA, 'get', '/cases'>(CA, 'get', '/cases', {
    signal,
    query: {
      page: f.page,
      pageSize: f.pageSize,
      status: f.status,
      department: f.department,
      region: f.region,
      deadline: f.deadline,
      q: f.q,
    },
  });

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
