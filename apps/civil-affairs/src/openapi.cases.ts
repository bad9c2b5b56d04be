import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import {
  bulletinQuery,
  listQuery as caseListQuery,
  pageQuery,
  rateQuery,
  referralBody,
  supervisionBody,
  transferBody,
  trendQuery,
} from './case/case.input';
import { certifierRoles } from './certification/certification.http';
import { certifyBody, endBody } from './certification/certification.input';
import {
  endedBody,
  grantBody,
  listQuery as firstAidQuery,
  noteBody,
} from './first-aid/first-aid.input';
import {
  checkBody,
  deactivateBody,
  listQuery as relativesQuery,
  registerBody,
} from './oversight/relatives.input';
import {
  assignBody,
  drawBody,
  figuresQuery,
  resultBody as spotCheckResultBody,
} from './oversight/spot-check.input';

const cases = ['协同调度'];
const caseRead = rolesFor('case', 'read');
const coordRead = rolesFor('coordination', 'read');
const coordWrite = rolesFor('coordination', 'write');

/** case.http.ts: the joint-handling board, SLA figures and the monthly 通报. */
export const caseRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/cases',
    summary: '协同办理案件看板（按地区、部门、状态、期限筛选）',
    tags: cases,
    roles: caseRead,
    query: caseListQuery,
    response: '{ items, page, pageSize, total }，每项含各部门办理状态',
  },
  {
    method: 'get',
    path: '/cases/:applicationId/application',
    summary: '案件对应的受理申请（经 gRPC 读自一门受理）',
    tags: cases,
    roles: caseRead,
    response: '申请详情',
  },
  {
    method: 'get',
    path: '/cases/:id',
    summary: '一个案件及其各部门办理事项',
    tags: cases,
    roles: caseRead,
    response: '案件详情',
  },
  {
    method: 'get',
    path: '/cases/:id/timeline',
    summary: '案件时间线：从受理到发放各服务的全部事件（谁、何时、做了什么、链路追踪）',
    tags: cases,
    roles: caseRead,
    response: '{ items: [{ at, service, kind, title, actor?, traceId?, eventId }] }',
  },
  {
    method: 'post',
    path: '/cases/:id/parts/:partId/transfer',
    summary: '转办：把一个部门的办理事项转给另一部门',
    tags: cases,
    roles: ['coordinator'],
    body: transferBody,
    status: 201,
    response: '转办后的案件',
  },
  {
    method: 'post',
    path: '/cases/:id/referrals',
    summary: '转介：增加一个办理部门',
    tags: cases,
    roles: ['coordinator'],
    body: referralBody,
    status: 201,
    response: '转介后的案件',
  },
  {
    method: 'get',
    path: '/cases/:id/parts/:partId/due-explanation',
    summary: '期限说明：为何是这一天（节假日与调休）',
    tags: cases,
    roles: caseRead,
    response: '期限的计算过程',
  },
  {
    method: 'post',
    path: '/cases/:id/parts/:partId/supervision',
    summary: '督办：催办（remind）或升级（escalate）一个办理事项',
    tags: cases,
    roles: ['coordinator'],
    body: supervisionBody,
    status: 201,
    headers: [{ name: 'Idempotency-Key', description: '幂等键：8–128 位字母、数字或 . _ : -' }],
    response: '{ caseId, partId, department, supervision, replayed }（重放时 200）',
  },
  {
    method: 'get',
    path: '/coordination/trend',
    summary: '按周的时限趋势（可按部门、地区）',
    tags: cases,
    roles: coordRead,
    query: trendQuery,
    response: '每周的按时率与超期数',
  },
  {
    method: 'post',
    path: '/sla/scan',
    summary: '立即扫描全部案件的时限（市级协调员）',
    tags: cases,
    roles: coordWrite,
    response: '扫描计数',
  },
  {
    method: 'get',
    path: '/coordination/overdue',
    summary: '已超期的办理事项（督办清单）',
    tags: cases,
    roles: coordRead,
    query: pageQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'get',
    path: '/coordination/at-risk',
    summary: '即将超期的办理事项',
    tags: cases,
    roles: coordRead,
    query: pageQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'get',
    path: '/coordination/on-time-rate',
    summary: '各部门按时办结率',
    tags: cases,
    roles: coordRead,
    query: rateQuery,
    response: '按部门的按时率与超期、临期数',
  },
  {
    method: 'get',
    path: '/coordination/bulletin',
    summary: '月度通报（部门排名）',
    tags: cases,
    roles: coordRead,
    query: bulletinQuery,
    response: '通报数据',
  },
];

const certs = ['认定'];

/** certification.http.ts: 低保/特困 certifications read by education's 免申即享. */
export const certificationRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/certifications',
    summary: '登记救助对象认定',
    tags: certs,
    roles: certifierRoles,
    body: certifyBody,
    status: 201,
    response: '认定记录（已存在时 200）',
  },
  {
    method: 'get',
    path: '/certifications/:id',
    summary: '一条认定记录',
    tags: certs,
    roles: rolesFor('certification', 'read'),
    response: '认定记录',
  },
  {
    method: 'post',
    path: '/certifications/:id/end',
    summary: '终止认定',
    tags: certs,
    roles: certifierRoles,
    body: endBody,
    response: '终止后的认定记录',
  },
];

const aid = ['先行救助'];

/** first-aid.http.ts: 先行救助 granted at street level (R-AP-9). */
export const firstAidRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/first-aid',
    summary: '发放先行救助（街道审批人）',
    tags: aid,
    roles: ['approver'],
    body: grantBody,
    status: 201,
    response: '先行救助记录（重复提交时 200）',
  },
  {
    method: 'get',
    path: '/first-aid',
    summary: '先行救助通知清单（县级）',
    tags: aid,
    roles: rolesFor('first-aid', 'read'),
    query: firstAidQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'get',
    path: '/first-aid/:id',
    summary: '一条先行救助记录',
    tags: aid,
    roles: rolesFor('first-aid', 'read'),
    response: '先行救助记录',
  },
  {
    method: 'post',
    path: '/first-aid/:id/emergency-ended',
    summary: '登记紧急情况结束日期',
    tags: aid,
    roles: ['approver', 'first_reviewer'],
    body: endedBody,
    response: '更新后的记录',
  },
  {
    method: 'post',
    path: '/first-aid/:id/paperwork',
    summary: '补齐先行救助手续',
    tags: aid,
    roles: ['approver', 'first_reviewer'],
    body: noteBody,
    response: '更新后的记录',
  },
  {
    method: 'post',
    path: '/first-aid/:id/acknowledge',
    summary: '县级确认已知悉',
    tags: aid,
    roles: ['county_bureau'],
    body: noteBody,
    response: '更新后的记录',
  },
];

const oversight = ['监督检查'];
const relatives = '/oversight/relatives';
const spotChecks = '/oversight/spot-checks/:month';

/** relatives.http.ts and spot-check.http.ts: 近亲属备案 (R-AP-8) and monthly 抽查. */
export const oversightRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: relatives,
    summary: '登记经办人员近亲属备案',
    tags: oversight,
    roles: ['window_clerk', 'first_reviewer', 'county_bureau'],
    body: registerBody,
    status: 201,
    response: '备案记录',
  },
  {
    method: 'get',
    path: relatives,
    summary: '近亲属备案列表',
    tags: oversight,
    roles: rolesFor('relative', 'read'),
    query: relativesQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'post',
    path: `${relatives}/check`,
    summary: '按身份证号核查是否为经办人员近亲属（只返回标记）',
    tags: oversight,
    roles: rolesFor('relative', 'read'),
    body: checkBody,
    response: '每个号码是否命中',
  },
  {
    method: 'get',
    path: `${relatives}/:id`,
    summary: '一条近亲属备案',
    tags: oversight,
    roles: rolesFor('relative', 'read'),
    response: '备案记录',
  },
  {
    method: 'post',
    path: `${relatives}/registrations/:registrationId/deactivate`,
    summary: '注销一条近亲属备案',
    tags: oversight,
    roles: ['county_bureau'],
    body: deactivateBody,
    response: '注销后的备案记录',
  },
  {
    method: 'post',
    path: `${spotChecks}/draw`,
    summary: '抽取当月抽查样本',
    tags: oversight,
    roles: rolesFor('spot-check', 'write'),
    body: drawBody,
    status: 201,
    response: '抽查批次（已抽取时 200）',
  },
  {
    method: 'get',
    path: spotChecks,
    summary: '当月抽查批次与统计（format=csv 下载）',
    tags: oversight,
    roles: rolesFor('spot-check', 'read'),
    query: figuresQuery,
    response: '抽查批次（JSON 或 CSV）',
  },
  {
    method: 'post',
    path: `${spotChecks}/tasks/:taskNo/assign`,
    summary: '分派抽查任务',
    tags: oversight,
    roles: rolesFor('spot-check', 'write'),
    body: assignBody,
    response: '更新后的抽查批次',
  },
  {
    method: 'post',
    path: `${spotChecks}/tasks/:taskNo/result`,
    summary: '登记抽查结果',
    tags: oversight,
    roles: rolesFor('spot-check', 'write'),
    body: spotCheckResultBody,
    response: '更新后的抽查批次',
  },
];
