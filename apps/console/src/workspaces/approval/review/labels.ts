import type { ClockStatus, Level, ReviewStatus, Stage, StepName } from './api';

export const itemLabels: Record<string, string> = {
  dibao: '最低生活保障',
  dibian: '低保边缘',
  tekun: '特困人员救助供养',
  temporary: '临时救助',
};

export const kindLabels = { emergency: '急难型', expenditure: '支出型' } as const;

export const statusLabels: Record<ReviewStatus, string> = {
  accepted: '已受理待初审',
  under_check: '核对与入户调查中',
  awaiting_confirmation: '待审核确认',
  approved: '已审批',
  rejected: '不予救助',
  withdrawn: '已撤回',
};

export const stageLabels: Record<Stage, string> = {
  first_review: '待初审',
  economic_check: '待家庭经济状况核对',
  home_visit: '待入户调查',
  self_care: '待生活自理能力评估',
  democratic_review: '待民主评议',
  relatives_review: '待近亲属备案复核',
  paperwork: '先行救助待补齐手续',
  approval: '待审核确认／审批',
  routed_county: '已转县（区）民政局审批',
  routed_city: '已报市级审批',
  case_by_case: '须按一事一议办理',
  approved: '已审批',
  rejected: '不予救助',
  withdrawn: '已撤回',
};

export const stepLabels: Record<StepName, string> = {
  first_review: '初审',
  economic_check: '家庭经济状况核对（逢进必核）',
  home_visit: '入户调查',
  self_care: '生活自理能力评估',
  democratic_review: '民主评议',
  relatives_review: '近亲属备案复核',
  payee: '登记收款市民卡',
  fast_aid: '先行救助',
  paperwork: '补齐手续',
  approve: '审核确认／审批',
  follow_up: '跟进救助',
  reject: '不予救助',
  withdraw: '撤回',
};

export const levelLabels: Record<Level, string> = {
  street: '街道（乡镇）审批',
  county: '县（区）民政局审批',
  city: '报市级审批',
  case_by_case: '一事一议',
};

export const clockLabels: Record<ClockStatus, string> = {
  on_track: '正常',
  at_risk: '临近到期',
  breached: '已超期',
  met: '按时办结',
  paused: '已暂停',
};

export const earlierStepLabels = {
  intake: '受理',
  first_review: '初审',
  confirmation: '审核确认',
} as const;

export const actionLabels: Record<string, string> = {
  opened: '开启审核（受理）',
  first_review: '初审',
  economic_check: '家庭经济状况核对',
  home_visit: '入户调查',
  self_care_assessed: '生活自理能力评估',
  democratic_review: '民主评议',
  relatives_review: '近亲属备案复核',
  payee_recorded: '登记收款市民卡',
  routed: '按金额转上级审批',
  fast_aid: '先行救助',
  paperwork_completed: '补齐手续',
  approved: '审核确认／审批',
  follow_up: '跟进救助',
  rejected: '不予救助',
  withdrawn: '撤回',
};

export const abilityLabels: Record<string, string> = {
  fully_able: '具备生活自理能力',
  partly_unable: '部分丧失生活自理能力',
  fully_unable: '完全丧失生活自理能力',
};

export const emergencyLabels: Record<string, string> = {
  accident_or_fire: '意外事件或火灾',
  sudden_illness: '突发重大疾病',
  long_illness_or_disability: '长期患病或残疾，费用难以承受',
  schooling_costs: '低保、低收入家庭子女教育费用',
  business_failure_or_job_loss: '经营失败或失业',
  safety_or_mass_incident: '重大安全事故或群体性事件',
  special_misfortune: '遭遇特殊不幸陷入困境',
  other: '其他',
};

/** Refusal codes where the console adds what to do next (the service's message comes first). */
export const reviewErrorHints: Record<string, string> = {
  SOD_SAME_PERSON: '请由未经办过本案的人员办理（R-AP-1）',
  APPROVAL_LEVEL_TOO_LOW: '已按金额转上级审批，请等待上级办理（R-AP-5）',
  PAYEE_REQUIRED: '请先在“收款人”中登记市民卡号',
  REVIEW_CHANGED: '页面已刷新为最新内容，请核对后重试',
};
