import {
  CardPlatformServiceClient,
  DeclineReason,
  PlatformPaymentStatus,
  PushOutcome,
  type StatementRow,
} from '@jh/contracts';
import { unavailable } from '@jh/platform-errors';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';

export type PlatformStatus = 'not_found' | 'pending' | 'paid' | 'declined' | 'returned';
export type DeclineCode = 'CARD_FROZEN' | 'CARD_CLOSED' | 'NAME_MISMATCH' | 'DECLINED';

export interface PushAnswer {
  outcome: 'accepted' | 'declined';
  decline?: DeclineCode;
  platformRef: string;
}

export interface PushRequest {
  idempotencyKey: string;
  cardNo: string;
  name: string;
  amountFen: number;
}

/** Most payments one batch push takes (PushPayments in card_platform.proto). */
export const maxPushBatch = 1000;

export interface QueryAnswer {
  status: PlatformStatus;
  decline?: DeclineCode;
  amountFen: number;
  platformRef: string;
}

/** The "一键达" citizen-card platform as payment sees it; errors are AppErrors (kind `unavailable` = transient). */
export interface CardPlatform {
  push(p: PushRequest): Promise<PushAnswer>;
  /**
   * Up to `maxPushBatch` payments in one call; answers by idempotency key. A key missing from the
   * map is unknown (maybe booked, maybe not): ask `query` before pushing it again (ADR 0016).
   */
  pushBatch(payments: PushRequest[]): Promise<Map<string, PushAnswer>>;
  query(idempotencyKey: string): Promise<QueryAnswer>;
  statement(date: string): Promise<StatementRow[]>;
  close(): void;
}

const declineCodes: Partial<Record<DeclineReason, DeclineCode>> = {
  [DeclineReason.DECLINE_REASON_CARD_FROZEN]: 'CARD_FROZEN',
  [DeclineReason.DECLINE_REASON_CARD_CLOSED]: 'CARD_CLOSED',
  [DeclineReason.DECLINE_REASON_NAME_MISMATCH]: 'NAME_MISMATCH',
};

const statuses: Partial<Record<PlatformPaymentStatus, PlatformStatus>> = {
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_NOT_FOUND]: 'not_found',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING]: 'pending',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID]: 'paid',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_DECLINED]: 'declined',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_RETURNED]: 'returned',
};

function pushAnswerOrUndefined(res: {
  outcome: PushOutcome;
  declineReason: DeclineReason;
  platformRef: string;
}): PushAnswer | undefined {
  const declined = res.outcome === PushOutcome.PUSH_OUTCOME_DECLINED;
  if (!declined && res.outcome !== PushOutcome.PUSH_OUTCOME_ACCEPTED) return undefined;
  return {
    outcome: declined ? 'declined' : 'accepted',
    decline: declined ? (declineCodes[res.declineReason] ?? 'DECLINED') : undefined,
    platformRef: res.platformRef,
  };
}

function pushAnswerOf(res: Parameters<typeof pushAnswerOrUndefined>[0]): PushAnswer {
  const answer = pushAnswerOrUndefined(res);
  if (!answer) throw unavailable('PLATFORM_BAD_ANSWER', `一键达平台返回未知结果 ${res.outcome}`);
  return answer;
}

export function grpcCardPlatform(options: {
  url: string;
  token: string;
  deadlineMs: number;
}): CardPlatform {
  const client = createGrpcClient(CardPlatformServiceClient, options.url);
  const call = { token: options.token, deadlineMs: options.deadlineMs };
  return {
    async push(p) {
      return pushAnswerOf(await callUnary(client, client.pushPayment, { ...p }, call));
    },
    async pushBatch(payments) {
      const res = await callUnary(client, client.pushPayments, { payments }, call);
      const asked = new Set(payments.map((p) => p.idempotencyKey));
      const answers = new Map<string, PushAnswer>();
      // Only keys we sent count; an unknown outcome leaves the key unanswered (asked later).
      for (const r of res.results) {
        if (!asked.has(r.idempotencyKey) || answers.has(r.idempotencyKey)) continue;
        const answer = pushAnswerOrUndefined(r);
        if (answer) answers.set(r.idempotencyKey, answer);
      }
      return answers;
    },
    async query(idempotencyKey) {
      const res = await callUnary(client, client.queryPayment, { idempotencyKey }, call);
      const status = statuses[res.status];
      if (!status) throw unavailable('PLATFORM_BAD_ANSWER', `一键达平台返回未知状态 ${res.status}`);
      return {
        status,
        decline:
          status === 'declined' ? (declineCodes[res.declineReason] ?? 'DECLINED') : undefined,
        amountFen: res.amountFen,
        platformRef: res.platformRef,
      };
    },
    async statement(date) {
      const res = await callUnary(client, client.exportStatement, { date }, call);
      return res.rows;
    },
    close: () => client.close(),
  };
}
