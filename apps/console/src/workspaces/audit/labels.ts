/** The services whose audit trails an auditor searches, by the names people use. */
export const auditServices = [
  { key: 'intake', label: '一门受理' },
  { key: 'civil-affairs', label: '民政' },
  { key: 'education', label: '教育' },
  { key: 'housing', label: '住建' },
  { key: 'medical', label: '医保' },
  { key: 'employment', label: '人社' },
  { key: 'payment', label: '资金' },
] as const;

export type AuditService = (typeof auditServices)[number]['key'];

export const isAuditService = (s: string | null | undefined): s is AuditService =>
  auditServices.some((x) => x.key === s);

export const serviceLabel = (s: AuditService) => auditServices.find((x) => x.key === s)!.label;

/**
 * `METHOD /route` as the trail records a state change → what the user did, in Chinese (from the
 * services' OpenAPI summaries). An action missing here is shown as recorded.
 */
const routeActions: Record<string, string> = {
  'POST /audit/records/search': '查询审计记录（按身份证号等）',
  'POST /audit/records/search.csv': '导出审计记录（按身份证号等）',
  'POST /applications': '受理一份救助申请',
  'POST /applications/:id/handover': '首问负责移交',
  'POST /applications/:id/missing-documents/supplied': '容缺受理材料已补齐',
  'POST /applications/open-lookup': '按身份证号查询本辖区内未办结的申请',
  'POST /batches/monthly': '启动月度发放批次',
  'POST /calendar/years/preview': '预览载入一年节假日数据会移动哪些未办结期限',
  'POST /card-platform/callbacks': '社保卡平台的代发结果回调',
  'POST /cases/:id/parts/:partId/supervision': '督办：催办（remind）或升级（escalate）一个办理事项',
  'POST /cases/:id/parts/:partId/transfer': '转办：把一个部门的办理事项转给另一部门',
  'POST /cases/:id/referrals': '转介：增加一个办理部门',
  'POST /certifications': '登记救助对象认定',
  'POST /certifications/:id/end': '终止认定',
  'POST /deliberation-reviews/:id/result': '登记复核结果',
  'POST /deliberation-reviews/generate': '生成定期复核任务',
  'POST /deliberations': '开启一事一议',
  'POST /deliberations/:id/approve': '审批通过',
  'POST /deliberations/:id/collective-decision': '集体研究决定',
  'POST /deliberations/:id/conclude': '终结',
  'POST /deliberations/:id/continue': '异议处理后继续',
  'POST /deliberations/:id/democratic-review': '民主评议结果',
  'POST /deliberations/:id/filing': '备案',
  'POST /deliberations/:id/investigation': '调查核实结果',
  'POST /deliberations/:id/objection': '登记公示异议',
  'POST /deliberations/:id/office-review': '乡镇（街道）审核意见',
  'POST /deliberations/:id/public-notice': '公示',
  'POST /first-aid': '发放先行救助',
  'POST /first-aid/:id/acknowledge': '县级确认已知悉',
  'POST /first-aid/:id/emergency-ended': '登记紧急情况结束日期',
  'POST /first-aid/:id/paperwork': '补齐先行救助手续',
  'POST /first-aid/check': '先行救助提交前检查',
  'POST /orders/:id/escalate': '上报督办',
  'POST /orders/:id/payee': '补录收款社保卡',
  'POST /orders/:id/preallocate': '平台不可用时预拨至街道',
  'POST /orders/:id/resend': '重新发送支付指令',
  'POST /orders/:id/returned-funds': '登记资金退回',
  'POST /orders/:id/street-payout': '登记街道已代发',
  'POST /oversight/relatives': '登记经办人员近亲属备案',
  'POST /oversight/relatives/check': '按身份证号核查是否为经办人员近亲属',
  'POST /oversight/relatives/registrations/:registrationId/deactivate': '注销一条近亲属备案',
  'POST /oversight/spot-checks/:month/draw': '抽取当月抽查样本',
  'POST /oversight/spot-checks/:month/tasks/:taskNo/assign': '分派抽查任务',
  'POST /oversight/spot-checks/:month/tasks/:taskNo/result': '登记抽查结果',
  'POST /parts/:id/accept': '签收办理事项',
  'POST /parts/:id/report': '填报办理结果',
  'POST /parts/:id/transfer-request': '申请转办',
  'POST /recipients/:approvalId/end': '终止发放',
  'POST /reconciliations': '导入平台日对账单',
  'POST /reconciliations/:date/file': '上传平台日对账单文件',
  'POST /reserves/:streetCode/deposits': '备付金存入',
  'POST /reviews': '为一个案件开启审核',
  'POST /reviews/:id/approve': '审批通过',
  'POST /reviews/:id/democratic-review': '民主评议结果',
  'POST /reviews/:id/economic-check': '家庭经济状况核对结果',
  'POST /reviews/:id/fast-aid': '急难型先行救助审批',
  'POST /reviews/:id/first-review': '初审意见',
  'POST /reviews/:id/follow-up': '先行救助后的正式审批',
  'POST /reviews/:id/home-visit': '入户调查结果',
  'POST /reviews/:id/paperwork': '补齐先行救助手续',
  'POST /reviews/:id/reject': '不予批准',
  'POST /reviews/:id/relatives-review': '近亲属备案复核',
  'POST /reviews/:id/self-care': '生活自理能力评估',
  'POST /reviews/:id/withdraw': '申请人撤回',
  'POST /sla/scan': '立即扫描全部案件的时限',
  'POST /staff/names': '按用户ID查询工作人员姓名',
  'POST /streets/:streetCode/preallocate': '将某街道的待发指令全部预拨',
  'PUT /calendar/years/:year': '载入一年的官方节假日通知',
  'PUT /reviews/:id/payee': '登记收款社保卡',
};

/** Object kinds as routes name them (the path segment before the id). */
export const objectKindLabels: Record<string, string> = {
  application: '申请',
  applications: '申请',
  'open-lookup': '重复申请查询',
  cases: '案件',
  reviews: '审核',
  deliberations: '一事一议',
  'deliberation-reviews': '定期复核',
  'first-aid': '先行救助',
  certifications: '救助对象认定',
  parts: '办理事项',
  orders: '支付指令',
  recipients: '发放对象',
  reconciliations: '对账单',
  reserves: '街道备付金',
  streets: '街道',
  batches: '发放批次',
  event: '事件',
  relatives: '近亲属备案',
  registrations: '近亲属备案',
  'spot-checks': '抽查',
  tasks: '抽查任务',
  years: '节假日年度',
};

/** Payment's own moves of an order (`order.<action>`, ADR 0019). */
const orderActions: Record<string, string> = {
  created: '生成支付指令',
  claimed: '开始推送',
  pushed: '平台已受理',
  found_on_platform: '查询得知平台已受理',
  confirmed: '平台确认到账',
  declined: '平台拒绝入账',
  returned: '平台退回资金',
  statement_returned: '对账单显示资金退回',
  resend: '重新推送',
  payee_recorded: '补录收款信息',
  funds_returned: '登记退回资金',
  escalated: '上报县（区）',
  preallocated: '预拨街道',
  street_paid: '街道已代付',
};

/** The Chinese label of a recorded action; the raw action when none is known. */
export function actionLabel(action: string): string {
  if (action === 'personal-data.read') return '查看未脱敏个人信息';
  if (action.startsWith('order.')) {
    const label = orderActions[action.slice('order.'.length)];
    if (label) return `支付指令：${label}`;
  }
  if (action.startsWith('event.handled '))
    return `处理事件 ${action.slice('event.handled '.length)}`;
  return routeActions[action] ?? action;
}

export const objectKindLabel = (kind: string) => objectKindLabels[kind] ?? kind;
