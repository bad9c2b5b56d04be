// Chinese labels of the payment service's codes (its views carry some texts; these fill the rest).

export const orderStatusLabels: Record<string, string> = {
  awaiting_payee: '待补收款信息',
  pending: '待推送',
  sending: '推送中',
  sent: '已推送待确认',
  confirmed: '已到账',
  failed: '推送失败',
  returned: '资金退回',
  preallocated: '已预拨街道待支付',
  paid_by_street: '街道已代付',
};

export const orderStatusColors: Record<string, string> = {
  awaiting_payee: 'orange',
  failed: 'red',
  returned: 'volcano',
  confirmed: 'green',
  paid_by_street: 'green',
  preallocated: 'gold',
  sent: 'blue',
};

export const itemLabels: Record<string, string> = {
  dibao: '最低生活保障',
  dibian: '低保边缘',
  tekun: '特困供养',
  temporary: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disaster: '受灾人员救助',
};

export const findingLabels: Record<string, string> = {
  MISSING_ON_PLATFORM: '平台无此笔（漏付）',
  UNKNOWN_ON_PLATFORM: '平台多出未知款项',
  AMOUNT_MISMATCH: '金额不符',
  CARD_MISMATCH: '入账卡号不符',
  ACCOUNT_NAME_MISMATCH: '户名不符',
  DUPLICATE: '重复入账',
  RETURNED: '资金退回',
};

/** What the staff member does about each kind of finding. */
export const findingActions: Record<string, string> = {
  MISSING_ON_PLATFORM: '向平台查询后重发',
  UNKNOWN_ON_PLATFORM: '向平台核实来源',
  AMOUNT_MISMATCH: '核对金额，必要时上报',
  CARD_MISMATCH: '上报并核实入账卡号',
  ACCOUNT_NAME_MISMATCH: '核对收款人后更正',
  DUPLICATE: '登记退回的重复款',
  RETURNED: '登记资金退回后重发',
};

export const auditActionLabels: Record<string, string> = {
  created: '生成支付指令',
  claimed: '开始推送',
  pushed: '推送至平台',
  confirmed: '平台确认到账',
  declined: '平台拒绝',
  returned: '平台退回',
  retry: '稍后重试',
  registered: '登记发放对象',
  ended: '终止发放',
  resend: '重新推送',
  escalated: '上报县级',
  funds_returned: '登记资金退回',
  payee_recorded: '补录收款信息',
  preallocated: '预拨街道',
  street_paid: '街道代付回报',
  statement_returned: '对账单显示退回',
  started: '启动',
  completed: '完成',
  failed: '中断',
};

/** Refusals of the payment service not already explained in its Chinese message. */
export const paymentErrors: Record<string, string> = {
  ALREADY_ESCALATED: '该指令已上报，不能重复上报',
  BATCH_RUNNING: '该月批次正在生成中，请等待完成',
  MONTH_TOO_FAR_AHEAD: '该月份过远，暂不能生成批次',
  ORDER_BUSY: '该指令正在推送，请稍后再试',
  ORDER_CHANGED_MEANWHILE: '该指令已被他人处理，请刷新后重试',
  ORDER_KNOWN_TO_PLATFORM: '平台已有该笔记录，不能改为街道代付（R-PAY-5 不重复支付）',
  PLATFORM_NOT_DOWN_LONG_ENOUGH: '平台中断时间未达预拨条件（R-PAY-3）',
  PLATFORM_QUERY_FAILED: '无法向平台查询该笔状态，为防重复支付暂不能重发（R-PAY-5）',
  RETURN_EXCEEDS_ORDER: '退回金额不能超过指令金额',
  RETURN_ALREADY_RECORDED: '该指令已登记过资金退回',
};
