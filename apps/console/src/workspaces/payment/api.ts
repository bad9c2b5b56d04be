import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { ApiError, fieldErrorsOf, messageOf } from '../../api/errors';
import { call } from '../../api/typed';
import { accessToken } from '../../auth/session';
import { paymentErrors } from './labels';

// Local types of the payment views (apps/payment/src/*/*.view.ts): the generated OpenAPI types
// describe requests, not answers.

export interface Audit {
  at: string;
  actor: string;
  action: string;
  reason: string;
  from?: string | null;
  to?: string;
}

export interface BatchRun {
  id: string;
  month: string;
  status: 'running' | 'completed' | 'failed';
  statusText: string;
  attempt: number;
  counts: { total: number; processed: number; created: number; existing: number; failed: number };
  totalKnown: boolean;
  percent: number | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  failures: { approvalId: string; code: string; message: string }[];
  lastError: string | null;
  audit: Audit[];
}

export interface Order {
  id: string;
  approvalId: string;
  instalmentNumber: number;
  item: string;
  schedule: 'monthly' | 'temporary' | 'first_aid';
  recipient: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  streetCode: string;
  amountFen: number;
  dueAt: string;
  deadlineNotice?: { message?: string };
  status: string;
  statusText: string;
  attempts: number;
  platformRef: string | null;
  platformKey: string;
  preallocation: { amountText: string; at: string | null; by?: string } | null;
  streetPayout: { voucherRef: string; paidOn: string; reportedBy: string } | null;
  returnedFunds: { amountText: string; reason: string; by: string; at: string | null } | null;
  escalation: { reason: string; by: string; at: string | null } | null;
  overdueAlarmedAt: string | null;
  failure: { code: string; message: string } | null;
  lastError: { code: string; message: string } | null;
  audit: Audit[];
}

export type OrderStatus =
  | 'awaiting_payee'
  | 'pending'
  | 'sending'
  | 'sent'
  | 'confirmed'
  | 'failed'
  | 'returned'
  | 'preallocated'
  | 'paid_by_street';

export interface OrderFilters {
  status?: OrderStatus;
  streetCode?: string;
  item?: string;
  month?: string;
  page: number;
  pageSize: number;
}

export interface Finding {
  code: string;
  message: string;
  idempotencyKey: string;
  orderAmountFen: number | null;
  statementAmountFen: number | null;
  line?: number;
}

export interface Report {
  id: string;
  date: string;
  status: 'running' | 'completed' | 'failed';
  totalRows: number;
  processedRows: number;
  matched: number;
  percent: number;
  findingsTotal: number;
  findingCounts: Record<string, number>;
  findings: Finding[];
  findingChunks: number;
  importedBy: string;
  importedAt: string;
  finishedAt: string | null;
  error?: string;
  replayed?: boolean;
}

export interface PlatformStatus {
  consecutiveFailures: number;
  downSince: string | null;
  downForMs: number;
  lastError: string | null;
  lastOkAt: string | null;
  fallbackAfterMs: number;
  fallbackAllowed: boolean;
}

export interface ReserveAccount {
  streetCode: string;
  balanceFen: number;
  thresholdFen: number;
  belowThreshold: boolean;
}

export interface TotalsRow {
  key: string;
  orders: number;
  amountFen: number;
  confirmedFen: number;
  paidByStreetFen: number;
  preallocatedFen: number;
  inTransitFen: number;
  failedFen: number;
  returnedFen: number;
  awaitingPayeeFen: number;
  findings: number;
}

/** A refusal in Chinese: the service's message, or ours where its code needs more words. */
export function refusalOf(err: unknown): string {
  if (err instanceof ApiError && paymentErrors[err.code]) return paymentErrors[err.code]!;
  return messageOf(err);
}

/**
 * The service's field problems next to the fields; amounts are typed in 元 (`amountYuan`) but
 * refused as `amountFen`. False when there were none (then the caller shows the message).
 */
export function showProblems<T>(form: FormInstance<T>, err: unknown): boolean {
  const problems = fieldErrorsOf(err).map((p) =>
    p.name[0] === 'amountFen' ? { ...p, name: ['amountYuan'] } : p,
  );
  if (problems.length === 0) return false;
  form.setFields(problems as Parameters<FormInstance<T>['setFields']>[0]);
  return true;
}

export const useBatch = (month: string | undefined, poll: boolean) =>
  useQuery({
    queryKey: ['payment', 'batch', month],
    enabled: !!month,
    retry: false,
    queryFn: () =>
      call<BatchRun, 'payment', 'get', '/batches/monthly/{month}'>(
        'payment',
        'get',
        '/batches/monthly/{month}',
        { params: { month: month! } },
      ),
    refetchInterval: (q) => (poll && q.state.data?.status === 'running' ? 1000 : false),
  });

export const useOrdersPage = (f: OrderFilters) =>
  useQuery({
    queryKey: ['payment', 'orders', f],
    placeholderData: keepPreviousData,
    queryFn: () =>
      call<
        { items: Order[]; total: number; page: number; pageSize: number },
        'payment',
        'get',
        '/orders'
      >('payment', 'get', '/orders', {
        query: { ...f },
      }),
  });

export const useOverdue = () =>
  useQuery({
    queryKey: ['payment', 'overdue'],
    queryFn: () =>
      call<{ items: Order[]; total: number }, 'payment', 'get', '/orders/overdue'>(
        'payment',
        'get',
        '/orders/overdue',
      ),
  });

export const useOrder = (id: string) =>
  useQuery({
    queryKey: ['payment', 'order', id],
    queryFn: () =>
      call<Order, 'payment', 'get', '/orders/{id}'>('payment', 'get', '/orders/{id}', {
        params: { id },
      }),
  });

export const useReport = (id: string) =>
  useQuery({
    queryKey: ['payment', 'report', id],
    queryFn: () =>
      call<Report, 'payment', 'get', '/reconciliations/{id}'>(
        'payment',
        'get',
        '/reconciliations/{id}',
        { params: { id } },
      ),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });

export const useReports = (from: string, to: string) =>
  useQuery({
    queryKey: ['payment', 'reports', from, to],
    queryFn: () =>
      call<{ items: Report[] }, 'payment', 'get', '/reconciliations'>(
        'payment',
        'get',
        '/reconciliations',
        { query: { from, to } },
      ),
  });

export const usePlatformStatus = () =>
  useQuery({
    queryKey: ['payment', 'platform'],
    queryFn: () =>
      call<PlatformStatus, 'payment', 'get', '/card-platform/status'>(
        'payment',
        'get',
        '/card-platform/status',
      ),
    refetchInterval: 15_000,
  });

export const useReserves = () =>
  useQuery({
    queryKey: ['payment', 'reserves'],
    queryFn: () =>
      call<{ items: ReserveAccount[] }, 'payment', 'get', '/reserves'>(
        'payment',
        'get',
        '/reserves',
      ),
  });

/**
 * The statement file as `text/csv` to the large-file route, with upload progress (fetch cannot
 * report it; XMLHttpRequest can). Resolves with the report (running, or the stored one).
 */
export async function uploadStatement(
  date: string,
  file: Blob,
  onProgress: (percent: number) => void,
): Promise<Report> {
  const token = await accessToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/payment/reconciliations/${encodeURIComponent(date)}/file`);
    xhr.setRequestHeader('authorization', `Bearer ${token ?? ''}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络异常，对账单未上传'));
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as Report & {
        error?: {
          code: string;
          message: string;
          details?: ApiError['details'];
          requestId?: string;
        };
      };
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        const e = body.error;
        reject(
          new ApiError(
            xhr.status,
            e?.code ?? `HTTP_${xhr.status}`,
            e?.message ?? `请求失败（${xhr.status}）`,
            e?.details ?? [],
            e?.requestId,
          ),
        );
      }
    };
    xhr.send(file);
  });
}
