/** The platform's services by their short Chinese names (tags on the case timeline). */
export const serviceLabels: Record<string, string> = {
  intake: '受理',
  'civil-affairs': '民政',
  education: '教育',
  housing: '住建',
  medical: '医保',
  employment: '人社',
  payment: '资金发放',
};

/** Who a service is when it acted on its own (an audit entry's actor, a timeline event). */
const actingServices: Record<string, string> = {
  intake: '一门受理',
  'civil-affairs': '民政部门',
  education: '教育部门',
  housing: '住建部门',
  medical: '医保部门',
  employment: '人社部门',
  payment: '资金发放',
  'card-platform': '市民卡平台',
  'spot-check-job': '抽查任务',
};

/**
 * An actor id that names a service rather than a person — `system:<service>` (the timeline) or
 * the bare service name (a department part's audit: `civil-affairs`) — as people read it,
 * e.g. 民政部门（系统）; undefined for a person's id.
 */
export function systemActorLabel(id: string): string | undefined {
  const svc = id.startsWith('system:') ? id.slice('system:'.length) : id;
  const name = actingServices[svc];
  if (name) return `${name}（系统）`;
  return id.startsWith('system:') ? `系统（${svc}）` : undefined;
}
