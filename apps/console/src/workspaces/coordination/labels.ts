import { ApiError, messageOf } from '../../api/errors';
import { departmentLabels } from '../../auth/roles';
import type { CaseStatus, ClockCode, PartStatus } from './types';

export const caseStatusLabels: Record<CaseStatus, string> = {
  dispatched: '办理中',
  partially_reported: '部分已反馈',
  completed: '已全部反馈',
  civil_affairs_only: '民政自办',
};

export const partStatusLabels: Record<PartStatus, { text: string; color: string }> = {
  dispatched: { text: '待接件', color: 'blue' },
  accepted: { text: '办理中', color: 'gold' },
  reported: { text: '已反馈', color: 'green' },
  cancelled: { text: '已撤回', color: 'default' },
};

export const clockLabels: Record<ClockCode, string> = {
  report: '反馈时限',
  handling: '办理时限',
};

export const supervisionLabels: Record<'remind' | 'escalate', string> = {
  remind: '催办提醒',
  escalate: '升级督办',
};

export { serviceLabels } from '../../shared/services';

/** R-JH-2: departments are configuration; names seen in data win over the built-in labels. */
export function departmentOptions(seen: { department: string; departmentName?: string }[] = []) {
  const names = new Map(Object.entries(departmentLabels));
  for (const s of seen) if (s.departmentName) names.set(s.department, s.departmentName);
  return [...names].map(([value, label]) => ({ value, label }));
}

export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;

/** Codes this workspace meets, in the words a coordinator uses (the service's text otherwise). */
export const coordinationErrors: Record<string, string> = {
  CASE_NOT_FOUND: '未找到该案件，或不在您的管辖范围内',
  PART_NOT_FOUND: '未找到该部门事项',
  PART_NOT_OPEN: '该部门事项已反馈或已撤回，不能再督办或转办',
  CALENDAR_CITY_ONLY: '只有市民政局或市级协调人员可以维护节假日数据',
  YEAR_MISMATCH: '数据中的年份与所选年份不一致',
  ROUTE_NOT_FOUND: '服务端尚未提供该功能，请联系运维人员更新民政服务',
};

/** The message to show: this workspace's wording for known codes, else the common one. */
export function errText(error: unknown): string {
  if (error instanceof ApiError && error.status < 500 && coordinationErrors[error.code])
    return coordinationErrors[error.code]!;
  return messageOf(error);
}
