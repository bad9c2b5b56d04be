import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import * as d from './deliberation/deliberation.input';
import * as r from './review/review.input';

const approvers = ['approver', 'county_bureau', 'city_bureau'];
const reviewTags = ['审核审批'];

/** One review step: POST /reviews/:id/<step>. */
const step = (
  name: string,
  summary: string,
  roles: readonly string[],
  body: RouteDoc['body'],
): RouteDoc => ({
  method: 'post',
  path: `/reviews/:id/${name}`,
  summary,
  tags: reviewTags,
  roles,
  body,
  response: '更新后的审核',
});

/** review.http.ts: the 低保/特困 review from first review to approval. */
export const reviewRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/reviews',
    summary: '为一个案件开启审核',
    tags: reviewTags,
    roles: ['window_clerk', 'first_reviewer', 'coordinator'],
    body: r.openBody,
    status: 201,
    response: '审核（已存在时 200）',
  },
  {
    method: 'get',
    path: '/reviews',
    summary: '审核队列（本辖区；按步骤、状态、事项、时限筛选，R-AP-1/2/4/5）',
    tags: reviewTags,
    roles: rolesFor('review', 'read'),
    query: r.reviewListQuery,
    response:
      '{ items, page, pageSize, total }，每项含下一步骤、办理角色、法定时限、金额与审批层级',
  },
  {
    method: 'get',
    path: '/reviews/outstanding-paperwork',
    summary: '先行救助后尚未补齐手续的审核（R-AP-4）',
    tags: reviewTags,
    roles: ['coordinator', 'county_bureau', ...approvers, 'auditor'],
    query: r.paperworkQuery,
    response: '审核列表',
  },
  {
    method: 'get',
    path: '/reviews/:id',
    summary: '一个审核的详情与历史',
    tags: reviewTags,
    roles: rolesFor('review', 'read'),
    response: '审核',
  },
  step('first-review', '初审意见', ['first_reviewer'], r.opinionBody),
  step('economic-check', '家庭经济状况核对结果', ['first_reviewer'], r.economicCheckBody),
  step('home-visit', '入户调查结果', ['first_reviewer'], r.homeVisitBody),
  step('self-care', '生活自理能力评估', ['first_reviewer'], r.selfCare),
  step('democratic-review', '民主评议结果', ['first_reviewer'], r.democraticReviewBody),
  step('relatives-review', '近亲属备案复核（县级）', ['county_bureau'], r.opinionRequired),
  step('fast-aid', '急难型先行救助审批', approvers, r.approveBody),
  step('paperwork', '补齐先行救助手续', approvers, r.noteBody),
  step('follow-up', '先行救助后的正式审批', approvers, r.followUpBody),
  {
    method: 'put',
    path: '/reviews/:id/payee',
    summary: '登记收款社保卡（审批前，ADR 0010）',
    tags: reviewTags,
    roles: ['window_clerk', 'first_reviewer', ...approvers],
    body: r.payeeBody,
    response: '更新后的审核',
  },
  step('approve', '审批通过', approvers, r.approveBody),
  step('reject', '不予批准（附原因）', ['first_reviewer', ...approvers], r.reasonBody),
  step('withdraw', '申请人撤回', ['window_clerk', 'first_reviewer', ...approvers], r.reasonBody),
];

const street = ['window_clerk', 'first_reviewer'];
const deliberationTags = ['一事一议'];

const action = (
  name: string,
  summary: string,
  roles: readonly string[],
  body?: RouteDoc['body'],
): RouteDoc => ({
  method: 'post',
  path: `/deliberations/:id/${name}`,
  summary,
  tags: deliberationTags,
  roles,
  ...(body ? { body } : {}),
  response: '更新后的一事一议事项',
});

/** deliberation.http.ts: 一事一议 and its periodic reviews (R-YS-1). */
export const deliberationRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/deliberations',
    summary: '开启一事一议',
    tags: deliberationTags,
    roles: ['window_clerk'],
    body: d.openBody,
    status: 201,
    response: '一事一议事项（已存在时 200）',
  },
  {
    method: 'get',
    path: '/deliberations/filing-overdue',
    summary: '逾期未备案的一事一议',
    tags: deliberationTags,
    roles: rolesFor('deliberation', 'read'),
    response: '事项列表',
  },
  {
    method: 'get',
    path: '/deliberations/:id',
    summary: '一个一事一议事项的详情',
    tags: deliberationTags,
    roles: rolesFor('deliberation', 'read'),
    response: '一事一议事项',
  },
  action('investigation', '调查核实结果', street, d.investigationBody),
  action('democratic-review', '民主评议结果', street, d.democraticReviewBody),
  action('office-review', '乡镇（街道）审核意见', ['first_reviewer'], d.officeReviewBody),
  action('collective-decision', '集体研究决定', ['approver'], d.decisionBody),
  action('public-notice', '公示', street, d.noticeBody),
  action('objection', '登记公示异议', [...street, 'approver'], d.objectionBody),
  action('approve', '审批通过（请求体为空对象或不带）', ['approver']),
  action('continue', '异议处理后继续', ['approver'], d.reasonBody),
  action('conclude', '终结（附原因）', ['approver'], d.reasonBody),
  action('filing', '备案', [...street, 'approver'], d.filingBody),
  {
    method: 'post',
    path: '/deliberation-reviews/generate',
    summary: '生成定期复核任务（本辖区已批准的事项）',
    tags: deliberationTags,
    roles: ['county_bureau', 'coordinator'],
    body: d.generateBody,
    response: '生成结果',
  },
  {
    method: 'get',
    path: '/deliberation-reviews',
    summary: '定期复核任务与统计',
    tags: deliberationTags,
    roles: ['county_bureau', 'coordinator', 'auditor'],
    query: d.tasksQuery,
    response: '任务列表与统计',
  },
  {
    method: 'post',
    path: '/deliberation-reviews/:id/result',
    summary: '登记复核结果',
    tags: deliberationTags,
    roles: ['county_bureau'],
    body: d.resultBody,
    response: '更新后的复核任务',
  },
];
