import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import { unmaskRoles } from './outreach/outreach.http';
import {
  bulletinQuery,
  consultationBody,
  consultationListQuery,
  endBody,
  regradeBody,
  skippedQuery,
  taskListQuery,
  taskQuery,
} from './outreach/outreach.input';

const tags = ['主动发现'];
const taskRead = rolesFor('outreach', 'read');
const taskWrite = rolesFor('outreach', 'write');

/** outreach.http.ts: 主动发现 tasks, 分级响应, 研判会商 (issue 19, R-PD-1…4). */
export const outreachRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/outreach/tasks',
    summary: '本街道外展任务（按响应等级、状态、是否超时筛选；姓名脱敏，不含身份证号）',
    tags,
    roles: taskRead,
    query: taskListQuery,
    response:
      '{ items: [{ id, grade, clock, needs, signalCount, subjectName }], total, page, pageSize }',
  },
  {
    method: 'get',
    path: '/outreach/skipped-signals',
    summary: '未建外展任务的线索：该家庭已有同类救助正在办理或正在享受（显示原因）',
    tags,
    roles: taskRead,
    query: skippedQuery,
    response: '{ items: [{ signalId, streetCode, reason, covered, receivedAt }] }',
  },
  {
    method: 'get',
    path: '/outreach/tasks/:id',
    summary: '外展任务详情：线索、响应时限、等级变化、结束方式',
    description: `unmask=true 显示完整身份证号、电话和住址（${unmaskRoles.join('、')}），并记录查询留痕。`,
    tags,
    roles: taskRead,
    query: taskQuery,
    response: '外展任务详情',
  },
  {
    method: 'post',
    path: '/outreach/tasks/:id/regrade',
    summary: '调整响应等级（须填写原因，R-PD-2）',
    tags,
    roles: taskWrite,
    body: regradeBody,
    response: '外展任务详情',
  },
  {
    method: 'post',
    path: '/outreach/tasks/:id/end',
    summary: '结束外展任务：代为申请、先行救助、转介或说明原因结案（R-PD-3）',
    tags,
    roles: taskWrite,
    body: endBody,
    response: '外展任务详情',
  },
  {
    method: 'get',
    path: '/outreach/tasks/:id/application-draft',
    summary: '由外展任务预填的救助申请（渠道：主动发现；家庭签字后提交，记录查询留痕）',
    tags,
    roles: taskWrite,
    response:
      '{ outreachTaskId, ownerId, signalIds, application }，application 同一门受理 POST /applications 的请求体（不含承诺书签署）',
  },
  {
    method: 'get',
    path: '/outreach/overview',
    summary: '主动发现概况：各街道按等级的任务数、超时响应、结束方式（转为申请）与响应用时中位数',
    tags,
    roles: ['coordinator'],
    response:
      '{ streets: [{ streetCode, openByGrade, overdueResponses, escalated, endedByOutcome, conversionToApplications, medianResponseMinutes }] }',
  },
  {
    method: 'get',
    path: '/outreach/bulletin',
    summary:
      '主动发现月度通报：各街道当月新建任务的按时响应、超时响应和响应用时（format=csv 导出）',
    tags,
    roles: ['coordinator', 'county_bureau', 'city_bureau'],
    query: bulletinQuery,
    response:
      '{ month, generatedAt, streets: [{ streetCode, opened, onTime, late, pending, onTimeRate, medianResponseMinutes, maxLateMinutes }] }',
  },
  {
    method: 'post',
    path: '/outreach/consultations',
    summary: '记录研判会商（参会部门、研判情况、决定、跟进责任人和期限，R-PD-4）',
    tags,
    roles: rolesFor('consultation', 'write'),
    body: consultationBody,
    status: 201,
    response: '研判会商记录',
  },
  {
    method: 'get',
    path: '/outreach/consultations',
    summary: '研判会商记录清单（按会商日期倒序，可按外展任务筛选；不含研判情况正文）',
    tags,
    roles: rolesFor('consultation', 'read'),
    query: consultationListQuery,
    response:
      '{ items: [{ id, taskId, streetCode, heldOn, departmentsPresent, decisions, followUps: { total, done, overdue } }], total, page, pageSize }',
  },
  {
    method: 'get',
    path: '/outreach/consultations/:id',
    summary: '研判会商记录及各跟进事项状态（到期未完成为超时）',
    tags,
    roles: rolesFor('consultation', 'read'),
    response: '研判会商记录',
  },
  {
    method: 'post',
    path: '/outreach/consultations/:id/follow-ups/:n/complete',
    summary: '标记第 n 项跟进事项已完成',
    tags,
    roles: rolesFor('consultation', 'write'),
    response: '研判会商记录',
  },
];
