import { rolesFor } from '@jh/domain-access';
import { buildOpenApiDocument, type RouteDoc } from '@jh/platform-http';
import type { DepartmentDefinition } from './department';
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
    [...partRoutes(def), ...own],
  );
}
