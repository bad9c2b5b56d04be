import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../shared/format';
import { StaffName } from '../../shared/StaffName';
import { useTimeline } from './api';
import { errText, serviceLabels } from './labels';
import { useTraceUrl } from './useTraceUrl';

/** Every event of one application across the services, each linked to its trace. */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const { data, error, isLoading } = useTimeline(caseId);
  const traceUrl = useTraceUrl();
  // A live region with words: an aria-label on antd's plain spinner div is not allowed (axe).
  if (isLoading)
    return (
      <div role="status">
        <Spin size="small" /> 正在加载时间线…
      </div>
    );
  if (error) return <Alert type="warning" showIcon title={`时间线暂不可用：${errText(error)}`} />;
  if (!data || data.items.length === 0)
    return <Empty description="暂无事件；申请受理、部门接件和反馈后会显示在这里" />;
  return (
    <Timeline
      aria-label="案件时间线"
      items={data.items.map((e) => ({
        key: e.eventId ?? `${e.at}-${e.kind}`,
        content: (
          <div data-testid="timeline-item">
            <Typography.Text strong>{e.title}</Typography.Text>{' '}
            <Tag>{serviceLabels[e.service] ?? e.service}</Tag>
            <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {/* Who: a person by name, or the service that acted on its own. */}
              {e.actor ? (
                <>
                  {' · '}
                  <StaffName id={e.actor} />
                </>
              ) : null}
              {e.traceId && traceUrl ? (
                <>
                  {' · '}
                  <a
                    href={traceUrl(e.traceId)}
                    target="_blank"
                    rel="noreferrer noopener"
                    aria-label={`查看「${e.title}」的调用链路（新窗口）`}
                  >
                    调用链路
                  </a>
                </>
              ) : null}
            </div>
          </div>
        ),
      }))}
    />
  );
}
