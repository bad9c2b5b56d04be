import { rolesFor } from '@jh/domain-access';
import { buildOpenApiDocument, type RouteDoc } from '@jh/platform-http';
import {
  createApplicationInput,
  handoverInput,
  handoverTargetsQuery,
  listApplicationsQuery,
  openLookupInput,
  supplyDocumentInput,
} from './application/application.input';
import { handoverTargetsAnswer } from './application/handover-targets';
import {
  hardshipReportBody,
  hardshipReportListQuery,
} from './hardship-report/hardship-report.input';
import { staffNameReaders } from './staff/staff.http';
import { staffNamesAnswer, staffNamesInput } from './staff/staff-names';

const tags = ['窗口受理'];
const read = rolesFor('application', 'read');
const write = rolesFor('application', 'write');
// Department officers write signals through their own services' feeds, not here.
const signalWriters = rolesFor('signal', 'write').filter((r) => r !== 'department_officer');

/** application.http.ts, described from the schemas its handlers parse with. */
export const intakeRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/applications',
    summary: '受理一份救助申请（一门受理）',
    description: '同一幂等键重复提交时返回首次受理的申请（200，响应头 idempotent-replayed）。',
    tags,
    roles: write,
    body: createApplicationInput,
    status: 201,
    headers: [{ name: 'Idempotency-Key', description: '幂等键：8–128 位字母、数字或 . _ : -' }],
    response: '受理的申请（身份证号等按角色脱敏）',
  },
  {
    method: 'get',
    path: '/applications',
    summary: '申请列表（按状态、事项、渠道、地区、经办人、日期筛选）',
    tags,
    roles: read,
    query: listApplicationsQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'post',
    path: '/applications/open-lookup',
    summary: '按身份证号查询本辖区内未办结的申请（重复申请提示，查询留痕）',
    tags,
    roles: write,
    body: openLookupInput,
    response: '{ open: [{ id, applicationNo, status, submittedAt, as }] }',
  },
  {
    method: 'get',
    path: '/applications/handover-targets',
    summary: '可接收首问负责移交的同事（R-JH-5，本辖区内有受理角色的用户）',
    description:
      '读自统一身份认证（Keycloak），按地区短时缓存。姓名按中文习惯姓在前。给出 applicationId 时只列出也能办理该申请的同事。',
    tags,
    roles: write,
    query: handoverTargetsQuery,
    response: handoverTargetsAnswer,
  },
  {
    method: 'get',
    path: '/applications/:id',
    summary: '一份申请的详情（全量查看留痕）',
    tags,
    roles: read,
    response: '申请详情',
  },
  {
    method: 'post',
    path: '/applications/:id/handover',
    summary: '首问负责移交（R-JH-5）',
    tags,
    roles: write,
    body: handoverInput,
    response: '移交后的申请',
  },
  {
    method: 'post',
    path: '/applications/:id/missing-documents/supplied',
    summary: '容缺受理材料已补齐（R-JH-6）',
    tags,
    roles: write,
    body: supplyDocumentInput,
    response: '补齐材料后的申请',
  },
  {
    method: 'post',
    path: '/hardship-reports',
    summary: '报告可能需要救助的家庭（主动发现，R-PD-1：村社区干部、志愿者、救助热线）',
    description:
      '报告人取自登录身份，来源（干部/志愿者/热线）由 reporterRole 决定。提交前按线索规则校验，' +
      '不合格时返回 400（逐字段说明），不保存、不推送；合格时保存（个人信息加密存储）并推送 HardshipSignal。' +
      '同一 reportId 或 Idempotency-Key 重复提交返回首次结果（200，响应头 idempotent-replayed）。' +
      '仅可报告本辖区的家庭。',
    tags: ['主动发现'],
    roles: signalWriters,
    body: hardshipReportBody,
    status: 201,
    headers: [{ name: 'Idempotency-Key', description: '幂等键：8–128 位字母、数字或 . _ : -' }],
    response: '报告（被报告人身份证号脱敏）',
  },
  {
    method: 'get',
    path: '/hardship-reports',
    summary: '我报告的家庭（分页，身份证号脱敏）',
    tags: ['主动发现'],
    roles: rolesFor('signal', 'read'),
    query: hardshipReportListQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'post',
    path: '/staff/names',
    summary: '按用户ID查询工作人员姓名（各工作台显示经办人、操作人）',
    description:
      '读自统一身份认证（Keycloak），每个用户ID缓存10分钟。姓名按中文习惯姓在前；未知或已停用的用户不列出。',
    tags: ['工作人员'],
    roles: staffNameReaders,
    body: staffNamesInput,
    response: staffNamesAnswer,
  },
];

/** This service's OpenAPI document (served at /openapi.json; the console's types come from it). */
export const openApiDocument = () =>
  buildOpenApiDocument(
    {
      service: 'intake',
      title: '一门受理接口（intake）',
      version: '1',
      description: '窗口受理救助申请。由 zod 校验规则生成，请勿手改。',
    },
    intakeRoutes,
  );
