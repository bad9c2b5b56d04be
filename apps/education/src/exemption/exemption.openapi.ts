import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import { listQuery } from './exemption.input';

const tags = ['免申即享'];
const roles = rolesFor('exemption', 'read');

/** exemption.http.ts: the 免申即享 students (R-EDU-1/2), read only. */
export const exemptionRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/exemptions',
    summary: '免申即享学生名单（分页）',
    tags,
    roles,
    query: listQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'get',
    path: '/exemptions/:id',
    summary: '一名免申即享学生的资助详情',
    tags,
    roles,
    response: '资助记录（含状态与期限）',
  },
];
