import { withRoutes, type RouteDoc } from '@jh/platform-http';
import { recordsFilters, verifyRange } from './http';

const tags = ['审计监督'];
const roles = ['auditor'];
const page =
  '一页审计记录：items（seq、at、actor、action、object、source、traceId、detail）、total';
const csv = '审计记录 CSV（UTF-8 带 BOM，中文表头，最多 10000 行）';

/**
 * The platform's audit routes (`auditRoutes`), mounted in every service (R-OV-1), described once
 * from the schemas they parse with; every service's document gets them through `withAuditRoutes`.
 */
export const auditRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/audit/records',
    summary: '查询本服务的审计记录（按对象、用户、时间；按身份证号请用 POST 查询）',
    tags,
    roles,
    query: recordsFilters.omit({ idNumber: true }),
    response: page,
  },
  {
    method: 'get',
    path: '/audit/records.csv',
    summary: '导出本服务的审计记录（CSV）',
    tags,
    roles,
    query: recordsFilters.omit({ idNumber: true, page: true, pageSize: true }),
    response: csv,
    responseType: 'text/csv',
  },
  {
    method: 'post',
    path: '/audit/records/search',
    summary: '按身份证号（经盲索引）等条件查询审计记录；身份证号只在请求体中',
    tags,
    roles,
    body: recordsFilters,
    response: page,
  },
  {
    method: 'post',
    path: '/audit/records/search.csv',
    summary: '按身份证号等条件导出审计记录（CSV）',
    tags,
    roles,
    body: recordsFilters.omit({ page: true, pageSize: true }),
    response: csv,
    responseType: 'text/csv',
  },
  {
    method: 'get',
    path: '/audit/chain/verify',
    summary: '校验本服务审计链的一段（逐条核对哈希链与签名检查点）',
    description:
      '每次最多校验 limit 条；未完成时按 next 继续请求，直到 done。发现问题时给出第一处被改动的序号与原因。',
    tags,
    roles,
    query: verifyRange,
    response:
      '校验结果：ok、from、checked、checkpoints、next、done、headSeq、firstProblem（seq、kind、message）',
  },
];

/** A service's OpenAPI document with the audit routes every service mounts. */
export const withAuditRoutes = (document: object): object => withRoutes(document, auditRouteDocs);
