import { useDueExplanation } from './api';
import { errText } from './labels';
import { ExplanationText } from '../../shared/DueExplanation';
import type { ClockCode } from './types';

/** Loaded when the tooltip first opens (antd mounts tooltip content lazily). */
export function DueWhy(props: { caseId: string; partId: string; clock: ClockCode }) {
  const { data, error, isLoading } = useDueExplanation(props.caseId, props.partId, true);
  if (isLoading) return <div>正在查询期限依据…</div>;
  if (error || !data) return <div>期限依据暂不可用：{errText(error)}</div>;
  return <ExplanationText e={data[props.clock]} />;
}
