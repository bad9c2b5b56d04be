import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../../api/client';
import { call } from '../../../api/typed';

// Local types of civil affairs' review views (review.view.ts): the generated OpenAPI types
// describe requests, not these answers.

const CA = 'civil-affairs';

export type ReviewStatus =
  'accepted' | 'under_check' | 'awaiting_confirmation' | 'approved' | 'rejected' | 'withdrawn';
export type Stage =
  | 'first_review'
  | 'economic_check'
  | 'home_visit'
  | 'self_care'
  | 'democratic_review'
  | 'relatives_review'
  | 'paperwork'
  | 'approval'
  | 'routed_county'
  | 'routed_city'
  | 'case_by_case'
  | 'approved'
  | 'rejected'
  | 'withdrawn';
export type StepName =
  | 'first_review'
  | 'economic_check'
  | 'home_visit'
  | 'self_care'
  | 'democratic_review'
  | 'relatives_review'
  | 'payee'
  | 'fast_aid'
  | 'paperwork'
  | 'approve'
  | 'follow_up'
  | 'reject'
  | 'withdraw';
export type ClockStatus = 'on_track' | 'at_risk' | 'breached' | 'met' | 'paused';
export type Level = 'street' | 'county' | 'city' | 'case_by_case';

export interface Actors {
  intake: string;
  firstReview: string | null;
  confirmation: string | null;
}

export interface Paperwork {
  status: 'outstanding' | 'completed';
  dueAt: string;
  dueDate: string;
  completedAt: string | null;
  completedBy: string | null;
  note: string;
  overdue: boolean;
}

/** One row of GET /reviews. */
export interface QueueRow {
  id: string;
  caseId: string;
  applicationNumber: string;
  applicantName: string;
  applicantIdNumber: string;
  item: string;
  temporaryKind: 'emergency' | 'expenditure' | null;
  regionCode: string;
  status: ReviewStatus;
  stage: Stage;
  nextRole: string | null;
  deadline: {
    ruleId: string;
    labelZh: string;
    dueAt: string;
    status: ClockStatus;
    limit: { amount: number; unit: string };
    extension: { reason: string; at: string } | null;
  };
  amountFen: number | null;
  level: Level | null;
  routedTo: { level: Level; reason: string } | null;
  paperwork: Paperwork | null;
  relativesFlagged: boolean;
  actors: Actors;
  openedAt: string;
}

export interface NextStep {
  step: StepName;
  allowed: boolean;
  reasonCode: string | null;
  reason: string | null;
  earlierStep: 'intake' | 'first_review' | 'confirmation' | null;
}

export interface Instalment {
  number: number;
  amountFen: number;
  dueAt: string;
}

export interface Approval {
  approvalId: string;
  kind: 'regular' | 'fast' | 'follow_up';
  level: Level;
  amountFen: number;
  approverId: string;
  approvedAt: string;
  instalments: Instalment[];
  reason: string;
}

export interface AuditEntry {
  at: string;
  byUserId: string;
  action: string;
  fromStatus: ReviewStatus | null;
  toStatus: ReviewStatus;
  reason: string;
}

/** GET /reviews/:id as the reader sees it. */
export interface Review {
  id: string;
  caseId: string;
  applicationId: string;
  applicationNumber: string;
  stage: Stage;
  nextSteps: NextStep[];
  approvalRule: {
    tiered: boolean;
    streetMaxFen: number;
    alreadyApprovedFen: number;
    streetRemainingFen: number;
    /** R-AP-5 levels computed by the service's policy function (the form only picks one). */
    levels: Record<
      'withinStreet' | 'aboveStreet' | 'severe' | 'notCovered',
      { level: Level | null; reason: string }
    >;
    routedToLevel: Level | null;
    ownLevel: Exclude<Level, 'case_by_case'> | null;
    fastAidCapFen: number;
  };
  item: string;
  applicantName: string;
  applicantIdNumber: string;
  citizenCardNo: string;
  regionCode: string;
  status: ReviewStatus;
  temporaryKind: 'emergency' | 'expenditure' | null;
  emergency: { category: string; occurredOn: string; description: string } | null;
  actors: Actors;
  economicCheck: { startedAt: string; completedAt: string; note: string; byUserId: string } | null;
  homeVisit: { visitedAt: string; note: string; byUserId: string } | null;
  selfCare: {
    ability: string;
    supportMode: string;
    careStandard: string;
    note: string;
    byUserId: string;
  } | null;
  democraticReview: {
    heldAt: string;
    participantCount: number;
    conclusion: 'agree' | 'disagree';
    note: string;
    byUserId: string;
  } | null;
  paperwork: Paperwork | null;
  relatives: {
    flagged: boolean;
    matches: { idNumber: string; staffName: string; relation: string }[];
    reviewRequired: boolean;
    review: { byUserId: string; opinion: string; at: string } | null;
  };
  deadline: {
    ruleId: string;
    labelZh: string;
    startedAt: string;
    limit: { amount: number; unit: string };
    extended: boolean;
    extensions: { at: string; fromAmount: number; toAmount: number; reason: string }[];
    dueAt: string;
    status: ClockStatus;
  };
  deadlineNotice?: { assumedWeekdaysOnly: boolean; message?: string };
  routedTo: { level: Level; reason: string; ruleId: string; amountFen: number; at: string } | null;
  approvals: Approval[];
  decisionReason: string;
  audit: AuditEntry[];
  openedAt: string;
}

/** The departments' reports (GET /cases/:id, coordination's view). */
export interface CaseFile {
  id: string;
  applicationNumber: string;
  applicantName: string;
  regionCode: string;
  items: string[];
  parts: {
    partId: string;
    departmentName: string;
    status: string;
    reportDueAt: string;
    result: { outcome: string; amountFen: number; note: string; reportedAt: string } | null;
  }[];
}

export type Item = 'dibao' | 'dibian' | 'tekun' | 'temporary';

export interface QueueFilters {
  stage?: Stage;
  status?: ReviewStatus;
  item?: Item;
  clock?: 'overdue' | 'at_risk';
  paperwork?: 'outstanding';
  q?: string;
  page: number;
  pageSize: number;
}

export const reviewKeys = {
  all: [CA, 'reviews'] as const,
  queue: (f: QueueFilters) => [CA, 'reviews', 'queue', f] as const,
  one: (id: string) => [CA, 'reviews', 'one', id] as const,
};

export const useQueue = (f: QueueFilters) =>
  useQuery({
    queryKey: reviewKeys.queue(f),
    queryFn: ({ signal }) =>
      call<Page<QueueRow>, typeof CA, 'get', '/reviews'>(CA, 'get', '/reviews', {
        query: f,
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const useReview = (id: string) =>
  useQuery({
    queryKey: reviewKeys.one(id),
    queryFn: ({ signal }) => api<Review>(CA, `/reviews/${encodeURIComponent(id)}`, { signal }),
  });

export const useCaseFile = (caseId: string | undefined) =>
  useQuery({
    queryKey: [CA, 'case', caseId],
    enabled: Boolean(caseId),
    queryFn: ({ signal }) =>
      api<CaseFile>(CA, `/cases/${encodeURIComponent(caseId ?? '')}`, { signal }),
  });

export const usePaperworkList = () =>
  useQuery({
    queryKey: [CA, 'reviews', 'paperwork'],
    queryFn: ({ signal }) =>
      call<
        { items: { id: string; paperwork: Paperwork | null }[] },
        typeof CA,
        'get',
        '/reviews/outstanding-paperwork'
      >(CA, 'get', '/reviews/outstanding-paperwork', { query: { overdue: 'false' }, signal }),
  });

/** POST/PUT of one step; the answer is the updated review (put in the cache at once). */
export function useStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      body,
      method = 'POST',
    }: {
      path: string;
      body: object;
      method?: 'POST' | 'PUT';
    }) => api<Review>(CA, `/reviews/${encodeURIComponent(id)}/${path}`, { method, body }),
    onSuccess: (review) => {
      client.setQueryData(reviewKeys.one(id), review);
      void client.invalidateQueries({ queryKey: reviewKeys.all });
    },
    // A refusal may have changed the review (R-AP-5 routing is recorded): read it again.
    onError: () => void client.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}
