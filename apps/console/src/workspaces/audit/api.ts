import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFile, type Page } from '../../api/client';
import { call } from '../../api/typed';
import type { AuditService } from './labels';

// Local types of the platform's audit views (libs/platform/audit http.ts `view`, chain verify):
// the generated OpenAPI types describe requests, not these answers.

export interface AuditRecordView {
  seq: number;
  at: string;
  actor: { userId: string; roles: string[]; regionCode?: string };
  action: string;
  object: { kind: string; id: string };
  source: string | null;
  traceId: string | null;
  detail: Record<string, string>;
}

export type ProblemKind =
  'changed' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad-signature';

/** One slice of GET /audit/chain/verify. */
export interface VerifySlice {
  chain: string;
  ok: boolean;
  from: number;
  checked: number;
  checkpoints: number;
  next: number | null;
  done: boolean;
  headSeq: number;
  firstProblem: { seq: number; kind: ProblemKind; message: string } | null;
}

/** The filters that go in the URL (everything but the ID number). */
export interface AuditFilters {
  objectKind?: string;
  objectId?: string;
  userId?: string;
  /** YYYY-MM-DD, Beijing days, both included. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

const searchOf = (f: AuditFilters) => ({
  objectKind: f.objectKind,
  objectId: f.objectId,
  userId: f.userId,
  from: f.from,
  to: f.to,
});

/**
 * A page of one service's trail. With an ID number the search is a POST (the number in the body,
 * never in a URL the gateway logs; the query cache keeps it in memory only, like the form).
 */
export function useAuditPage(svc: AuditService, filters: AuditFilters, idNumber?: string) {
  return useQuery({
    queryKey: ['audit', svc, 'records', filters, idNumber ?? null],
    queryFn: ({ signal }) =>
      idNumber
        ? call<Page<AuditRecordView>, AuditService, 'post', '/audit/records/search'>(
            svc,
            'post',
            '/audit/records/search',
            {
              signal,
              body: {
                ...searchOf(filters),
                idNumber,
                page: filters.page,
                pageSize: filters.pageSize,
              },
            },
          )
        : call<Page<AuditRecordView>, AuditService, 'get', '/audit/records'>(
            svc,
            'get',
            '/audit/records',
            {
              signal,
              query: { ...searchOf(filters), page: filters.page, pageSize: filters.pageSize },
            },
          ),
    placeholderData: keepPreviousData,
  });
}

/** The CSV of the current search (at most 10,000 rows, newest first). */
export function exportAuditCsv(svc: AuditService, filters: AuditFilters, idNumber?: string) {
  return idNumber
    ? apiFile(svc, '/audit/records/search.csv', {
        method: 'POST',
        body: { ...searchOf(filters), idNumber },
      })
    : apiFile(svc, '/audit/records.csv', { query: searchOf(filters) });
}

/** One slice of the chain check: `from` the previous slice's `next`, or the start. */
export function verifySlice(
  svc: AuditService,
  range: { from?: number; last?: number; limit: number },
  signal?: AbortSignal,
) {
  return call<VerifySlice, AuditService, 'get', '/audit/chain/verify'>(
    svc,
    'get',
    '/audit/chain/verify',
    { signal, query: range },
  );
}
