import { rolesFor } from '@jh/domain-access';
import { buildOpenApiDocument, type RouteDoc } from '@jh/platform-http';
import { SIGNAL_KIND_ZH } from '@jh/domain-outreach';
import type { DepartmentDefinition, DepartmentSignalKind } from './department';
import { hardshipRecordBody, hardshipRecordListQuery } from './hardship-record.input';
import { listQuery, reportBody, transferBody } from './part.input';

const tags = ['部门办理'];
const read = rolesFor('part', 'read');
const write = rolesFor('part', 'write');

const amountRule = {
  required: '批准救助时必须填写金额（分）',
  optional: '批准救助时可填写金额（分）',
  forbidden: '不以现金发放，金额须为 0',
} as const;

/** The shared worklist routes (part.http.ts) of one department. */
export function partRoutes(def: DepartmentDefinition): RouteDoc[] {
  const figures = def.target
    ? `；须填报 figures：${Object.entries(def.target.figures)
        .map(([key, label]) => `${key}（${label}）`)
        .join('、')}`
    : '；不填 figures';
  return [
    {
      method: 'get',
      path: '/department',
      summary: '本部门的办理规则（时限、金额规则、目标）',
      tags,
      roles: read,
      response: '部门代码、名称、办理时限与填报规则',
    },
    {
      method: 'get',
      path: '/parts',
      summary: '部门工作台：本部门的协同办理事项（分页）',
      tags,
      roles: read,
      query: listQuery,
      response: '{ items, page, pageSize, total, summary? }，每项含回告与办理时限倒计时',
    },
    {
      method: 'get',
      path: '/parts/:id',
      summary: '一个办理事项的详情与历史',
      tags,
      roles: read,
      response: '办理事项（含时限、状态历史）',
    },
    {
      method: 'post',
      path: '/parts/:id/accept',
      summary: '签收办理事项（1 个工作日内回告）',
      tags,
      roles: write,
      response: '签收后的办理事项',
    },
    {
      method: 'post',
      path: '/parts/:id/report',
      summary: '填报办理结果',
      description: `${def.name}：${amountRule[def.grantAmount]}${figures}。不予救助或转介时须填写原因。`,
      tags,
      roles: write,
      body: reportBody,
      response: '填报后的办理事项',
    },
    {
      method: 'post',
      path: '/parts/:id/transfer-request',
      summary: '申请转办（附原因，可建议承办部门）',
      tags,
      roles: write,
      body: transferBody,
      response: '申请转办后的办理事项',
    },
  ];
}

/** The signal feed's routes (hardship-record.http.ts) of a department whose data shows `kind`. */
export function hardshipRecordRoutes(
  def: DepartmentDefinition,
  kind: DepartmentSignalKind,
): RouteDoc[] {
  // Narrower than the table's `signal` row: only this department's own officers (services read).
  const officers = ['department_officer'] as const;
  const signalTags = ['主动发现'];
  return [
    {
      method: 'post',
      path: '/hardship-records',
      summary: `报送本部门数据中的困难线索（主动发现，R-PD-1）：${SIGNAL_KIND_ZH[kind]}`,
      description:
        `${def.name}：按配置的标准计算困难程度；未达标准时返回 200 { signal: false, reason }，不保存、不推送。` +
        '达到标准时保存记录（个人信息加密存储）并推送 HardshipSignal（家庭以盲索引标识，不含诊断等详情），' +
        '返回 201 { signal: true, signalId, band }；同一 recordId 重复报送返回首次结果（200，响应头 idempotent-replayed）。' +
        '仅限本部门、本辖区的经办人员。',
      tags: signalTags,
      roles: officers,
      body: hardshipRecordBody(kind),
      status: 201,
      response: '{ signal: true, signalId, band } 或 { signal: false, code, reason, ruleId }',
    },
    {
      method: 'get',
      path: '/hardship-records',
      summary: '本部门报送的困难线索记录（本辖区，分页，身份证号脱敏）',
      tags: signalTags,
      roles: officers,
      query: hardshipRecordListQuery,
      response: '{ items, page, pageSize, total }',
    },
  ];
}

/** The OpenAPI document of a department service: the worklist plus its own features' routes. */
export function departmentOpenApi(
  def: DepartmentDefinition,
  own: readonly RouteDoc[] = def.openApiRoutes ?? [],
): Record<string, unknown> {
  return buildOpenApiDocument(
    {
      service: def.code,
      title: `${def.name}协同办理接口`,
      version: '1',
      description: `${def.name}的部门工作台（R-JH-3）。由 zod 校验规则生成，请勿手改。`,
    },
    [
      ...partRoutes(def),
      ...(def.signalKind ? hardshipRecordRoutes(def, def.signalKind) : []),
      ...own,
    ],
  );
}
