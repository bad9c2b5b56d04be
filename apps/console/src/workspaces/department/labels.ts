import type { CSSProperties } from 'react';
import type { ExemptionStatus, Outcome, PartStatus } from './api';

export const statusLabels: Record<PartStatus, string> = {
  pending: '待签收',
  accepted: '办理中',
  reported: '已反馈',
  transfer_requested: '已申请转办',
  cancelled: '已撤回',
};

/** Tag tones with text dark enough for WCAG AA (antd's gold/green/orange presets are not). */
const tones = {
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  gold: { color: '#874d00', background: '#fffbe6', borderColor: '#ffe58f' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  grey: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
} as const satisfies Record<string, CSSProperties>;

export const statusStyles: Record<PartStatus, CSSProperties> = {
  pending: tones.blue,
  accepted: tones.gold,
  reported: tones.green,
  transfer_requested: tones.purple,
  cancelled: tones.grey,
};

export const exemptionStatusStyles: Record<ExemptionStatus, CSSProperties> = {
  active: tones.green,
  ending: tones.orange,
  ended: tones.grey,
};

export const outcomeLabels: Record<Outcome, string> = {
  granted: '批准救助',
  rejected: '不予救助',
  not_applicable: '不适用（无需本部门救助）',
  referred: '转介其他渠道',
};

export const actionLabels: Record<string, string> = {
  dispatched: '民政部门派发',
  accepted: '签收',
  reported: '反馈办理结果',
  transfer_requested: '申请转办',
  cancelled: '民政部门撤回',
};

export const exemptionStatusLabels: Record<ExemptionStatus, string> = {
  active: '享受中',
  ending: '本学期末停止',
  ended: '已停止',
};

const itemLabels: Record<string, string> = {
  ASSISTANCE_ITEM_DIBAO: '最低生活保障',
  ASSISTANCE_ITEM_DIBIAN: '低保边缘',
  ASSISTANCE_ITEM_TEKUN: '特困供养',
  ASSISTANCE_ITEM_TEMPORARY: '临时救助',
  ASSISTANCE_ITEM_MEDICAL: '医疗救助',
  ASSISTANCE_ITEM_EDUCATION: '教育救助',
  ASSISTANCE_ITEM_HOUSING: '住房救助',
  ASSISTANCE_ITEM_EMPLOYMENT: '就业救助',
  ASSISTANCE_ITEM_DISASTER: '受灾人员救助',
};

export const itemsText = (items: readonly string[]) =>
  items.map((i) => itemLabels[i] ?? i).join('、') || '—';

/** Ids are UUIDs: the first 8 characters are enough to tell rows apart on a screen. */
export const shortId = (id: string) => id.slice(0, 8);
