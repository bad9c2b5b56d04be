import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import { listQuery as deliberationListQuery } from './deliberation/deliberation.input';
import { precheckBody } from './first-aid/first-aid.input';

/** Issue 16 additions for the console's procedures (一事一议 worklist, first-aid pre-check). */
export const procedureRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/deliberations',
    summary: '一事一议事项清单（本辖区，按环节筛选，分页）',
    tags: ['一事一议'],
    roles: rolesFor('deliberation', 'read'),
    query: deliberationListQuery,
    response: '{ items, total, page, pageSize }',
  },
  {
    method: 'post',
    path: '/first-aid/check',
    summary: '先行救助提交前检查（金额上限 R-AP-9、同一急难事项一年一次 R-AP-6）',
    tags: ['先行救助'],
    roles: ['approver'],
    body: precheckBody,
    response: '{ capFen, amount?, repeat: { checked, applies?, reason? } }',
  },
];
