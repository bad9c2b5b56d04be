import { rolesFor } from '@jh/domain-access';
import { buildOpenApiDocument, type RouteDoc } from '@jh/platform-http';
import { endBody, startBody } from './batch/batch.http';
import { callbackBody } from './callbacks/callbacks.input';
import { streetPaidBody } from './fallback/fallback.input';
import { listQuery, payeeBody, reasonBody, returnedBody } from './order/order.input';
import { importBody, reportsQuery } from './reconciliation/reconciliation.input';
import { totalsQuery } from './reports/reports.input';
import { depositBody, reservesQuery } from './reserve/reserve.input';

const roles = (kind: Parameters<typeof rolesFor>[0], op: 'read' | 'write') => rolesFor(kind, op);
const orders = ['支付指令'];
const street = ['街道备付金与代发'];

/** The *.http.ts routes of payment, described from the schemas their handlers parse with. */
export const paymentRoutes: RouteDoc[] = [
  // batch.http.ts
  {
    method: 'post',
    path: '/batches/monthly',
    summary: '启动月度发放批次（后台运行，轮询进度）',
    tags: ['月度发放'],
    roles: roles('batch', 'write'),
    body: startBody,
    status: 202,
    response: '批次运行状态',
  },
  {
    method: 'get',
    path: '/batches/monthly/:month',
    summary: '某月批次的进度与结果',
    tags: ['月度发放'],
    roles: roles('batch', 'read'),
    response: '批次运行状态',
  },
  {
    method: 'get',
    path: '/recipients/:approvalId',
    summary: '一笔审批的发放对象登记',
    tags: ['月度发放'],
    roles: roles('order', 'read'),
    response: '发放对象',
  },
  {
    method: 'post',
    path: '/recipients/:approvalId/end',
    summary: '终止发放（自某月起）',
    tags: ['月度发放'],
    roles: roles('order', 'write'),
    body: endBody,
    response: '终止后的发放对象',
  },
  // callbacks.http.ts
  {
    method: 'post',
    path: '/card-platform/callbacks',
    summary: '社保卡平台的代发结果回调（共享令牌，非用户令牌）',
    tags: ['社保卡平台'],
    body: callbackBody,
    response: '处理结果（重复或过期的回调不改变状态）',
  },
  // card-platform.http.ts
  {
    method: 'get',
    path: '/card-platform/status',
    summary: '社保卡平台是否可用及不可用起始时间（R-PAY-3）',
    tags: ['社保卡平台'],
    roles: roles('report', 'read'),
    response: '平台可用状态',
  },
  // fallback.http.ts
  {
    method: 'post',
    path: '/orders/:id/preallocate',
    summary: '平台不可用时预拨至街道（R-PAY-3）',
    tags: street,
    roles: roles('order', 'write'),
    body: reasonBody,
    response: '预拨后的支付指令',
  },
  {
    method: 'post',
    path: '/streets/:streetCode/preallocate',
    summary: '将某街道的待发指令全部预拨',
    tags: street,
    roles: roles('order', 'write'),
    body: reasonBody,
    response: '预拨结果',
  },
  {
    method: 'post',
    path: '/orders/:id/street-payout',
    summary: '登记街道已代发（凭证号、发放日）',
    tags: street,
    roles: roles('order', 'write'),
    body: streetPaidBody,
    response: '登记后的支付指令',
  },
  // order.http.ts
  {
    method: 'get',
    path: '/orders',
    summary: '支付指令工作台（status=failed 列出确定失败及中文原因）',
    tags: orders,
    roles: roles('order', 'read'),
    query: listQuery,
    response: '{ items, page, pageSize, total }',
  },
  {
    method: 'get',
    path: '/orders/overdue',
    summary: '逾期未确认到账的支付指令（R-PAY-2）',
    tags: orders,
    roles: roles('order', 'read'),
    response: '逾期指令列表',
  },
  {
    method: 'get',
    path: '/orders/:id',
    summary: '一条支付指令的详情与历史',
    tags: orders,
    roles: roles('order', 'read'),
    response: '支付指令',
  },
  {
    method: 'post',
    path: '/orders/:id/resend',
    summary: '重新发送支付指令',
    tags: orders,
    roles: roles('order', 'write'),
    body: reasonBody,
    response: '重发后的支付指令',
  },
  {
    method: 'post',
    path: '/orders/:id/payee',
    summary: '补录收款社保卡（ADR 0010）',
    tags: orders,
    roles: roles('order', 'write'),
    body: payeeBody,
    response: '补录后的支付指令',
  },
  {
    method: 'post',
    path: '/orders/:id/returned-funds',
    summary: '登记资金退回',
    tags: orders,
    roles: roles('order', 'write'),
    body: returnedBody,
    response: '登记后的支付指令',
  },
  {
    method: 'post',
    path: '/orders/:id/escalate',
    summary: '上报督办',
    tags: orders,
    roles: roles('order', 'write'),
    body: reasonBody,
    response: '上报后的支付指令',
  },
  {
    method: 'get',
    path: '/escalations',
    summary: '已上报督办的支付指令',
    tags: orders,
    roles: roles('order', 'read'),
    response: '督办列表',
  },
  // reconciliation.http.ts
  {
    method: 'post',
    path: '/reconciliations',
    summary: '导入平台日对账单（JSON 内嵌 CSV，小文件）',
    tags: ['对账'],
    roles: roles('reconciliation', 'write'),
    body: importBody,
    status: 201,
    response: '对账报告（同一文件再次导入返回已存报告，replayed=true）',
  },
  {
    method: 'post',
    path: '/reconciliations/:date/file',
    summary: '上传平台日对账单文件（text/csv，大文件）',
    tags: ['对账'],
    roles: roles('reconciliation', 'write'),
    bodyType: 'text/csv',
    status: 202,
    response: '对账报告（处理中）',
  },
  {
    method: 'get',
    path: '/reconciliations',
    summary: '某段日期的对账报告（不含差异明细，最新在前）',
    tags: ['对账'],
    roles: roles('reconciliation', 'read'),
    query: reportsQuery,
    response: '对账报告列表',
  },
  {
    method: 'get',
    path: '/reconciliations/:id',
    summary: '对账报告',
    tags: ['对账'],
    roles: roles('reconciliation', 'read'),
    response: '对账报告',
  },
  {
    method: 'get',
    path: '/reconciliations/:id/findings/:chunk',
    summary: '对账差异明细（分块）',
    tags: ['对账'],
    roles: roles('reconciliation', 'read'),
    response: '差异明细',
  },
  // reports.http.ts
  {
    method: 'get',
    path: '/reports/totals',
    summary: '发放汇总（按日、街道或事项；format=csv 下载）',
    tags: ['报表'],
    roles: roles('report', 'read'),
    query: totalsQuery,
    response: '汇总数据（JSON 或 CSV）',
  },
  // reserve.http.ts
  {
    method: 'get',
    path: '/reserves',
    summary: '街道备付金账户列表（R-PAY-4）',
    tags: street,
    roles: roles('reserve', 'read'),
    query: reservesQuery,
    response: '账户列表',
  },
  {
    method: 'get',
    path: '/reserves/:streetCode',
    summary: '一个街道的备付金账户与流水',
    tags: street,
    roles: roles('reserve', 'read'),
    response: '{ account, entries }',
  },
  {
    method: 'post',
    path: '/reserves/:streetCode/deposits',
    summary: '备付金存入',
    tags: street,
    roles: roles('reserve', 'write'),
    body: depositBody,
    status: 201,
    response: '{ replayed, entry, account }',
  },
];

/** This service's OpenAPI document (served at /openapi.json; the console's types come from it). */
export const openApiDocument = () =>
  buildOpenApiDocument(
    {
      service: 'payment',
      title: '救助资金发放接口（payment）',
      version: '1',
      description: '社保卡代发、街道代发、对账与报表。由 zod 校验规则生成，请勿手改。',
    },
    paymentRoutes,
  );
