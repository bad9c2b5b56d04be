import { Alert, Descriptions, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { messageOf } from '../../../api/errors';
import { Deadline } from '../../../shared/Deadline';
import { emptyText } from '../../../shared/emptyText';
import { formatDate, formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { useCaseFile, type CaseFile as CaseFileView, type Review } from './api';
import { emergencyLabels, itemLabels, kindLabels, levelLabels } from './labels';

type Part = CaseFileView['parts'][number];

const outcomeLabels: Record<string, string> = {
  granted: '予以救助',
  rejected: '不予救助',
  not_applicable: '不适用',
  referred: '转介',
};

/** 案卷: the applicant (masked, R-OV-2), the clock, and the departments' reports. */
export function CaseFile({ review }: { review: Review }) {
  const caseFile = useCaseFile(review.caseId);
  const ended = ['approved', 'rejected', 'withdrawn'].includes(review.status);
  return (
    <section aria-labelledby="case-file-title">
      <h3 id="case-file-title">案卷</h3>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="申请人">{review.applicantName}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{review.applicantIdNumber || '—'}</Descriptions.Item>
        <Descriptions.Item label="救助事项">
          {itemLabels[review.item] ?? review.item}
          {review.temporaryKind && (
            <Tag style={{ marginLeft: 4 }}>{kindLabels[review.temporaryKind]}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="所属地区">
          <RegionName code={review.regionCode} />
        </Descriptions.Item>
        <Descriptions.Item label="收款市民卡">
          {review.citizenCardNo || '未登记（审批前须登记）'}
        </Descriptions.Item>
        <Descriptions.Item label="受理时间">{formatDateTime(review.openedAt)}</Descriptions.Item>
        <Descriptions.Item
          label={`${review.deadline.labelZh}（${review.deadline.ruleId}）`}
          span={2}
        >
          <Deadline
            dueAt={review.deadline.dueAt}
            label={review.deadline.labelZh}
            doneAt={ended ? review.audit.at(-1)?.at : undefined}
          />{' '}
          时限 {review.deadline.limit.amount} 个工作日
          {review.deadline.extensions.map((e) => (
            <div key={e.at}>
              已于 {formatDate(e.at)} 延长至 {e.toAmount} 个工作日：{e.reason}
            </div>
          ))}
          {review.deadlineNotice?.message && <div>{review.deadlineNotice.message}</div>}
        </Descriptions.Item>
        {review.emergency && (
          <Descriptions.Item label="急难事项（R-AP-6 每年一次）" span={2}>
            {emergencyLabels[review.emergency.category] ?? review.emergency.category}，发生于{' '}
            {review.emergency.occurredOn}：{review.emergency.description}
          </Descriptions.Item>
        )}
      </Descriptions>
      {review.routedTo && (
        <Alert
          role="status"
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message={`已转${levelLabels[review.routedTo.level]}（${review.routedTo.ruleId}）`}
          description={`${review.routedTo.reason}；申请金额 ${formatYuan(review.routedTo.amountFen)}，${formatDateTime(review.routedTo.at)}`}
        />
      )}
      {review.relatives.flagged && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message="命中近亲属备案（R-AP-8）"
          description={
            review.relatives.review
              ? `县（区）民政局已复核：${review.relatives.review.opinion}`
              : '须经县（区）民政局复核后方可审批'
          }
        />
      )}
      {review.paperwork && (
        <Alert
          type={review.paperwork.status === 'outstanding' ? 'warning' : 'success'}
          showIcon
          style={{ marginTop: 12 }}
          message={
            review.paperwork.status === 'outstanding'
              ? '已先行救助，手续待补齐（R-AP-4）'
              : `先行救助手续已于 ${formatDate(review.paperwork.completedAt)} 补齐`
          }
          description={
            review.paperwork.status === 'outstanding' ? (
              <Deadline dueAt={review.paperwork.dueAt} label="手续补齐期限" />
            ) : undefined
          }
        />
      )}
      <h3 style={{ marginTop: 16 }}>各部门办理情况</h3>
      <p>
        <Link
          style={{ textDecoration: 'underline' }}
          to={`/coordination/cases/${encodeURIComponent(review.caseId)}`}
        >
          查看协同案件（各部门办理经过）
        </Link>
      </p>
      {caseFile.error && (
        <Alert type="error" message={`案件加载失败：${messageOf(caseFile.error)}`} />
      )}
      <Table<Part>
        aria-label="各部门办理情况"
        size="small"
        rowKey="partId"
        pagination={false}
        loading={caseFile.isLoading}
        dataSource={caseFile.data?.parts ?? []}
        locale={{ emptyText: emptyText('本案无需其他部门协同办理') }}
        columns={[
          { title: '部门', dataIndex: 'departmentName' },
          {
            title: '办理结果',
            key: 'result',
            render: (_: unknown, p) =>
              p.result
                ? `${outcomeLabels[p.result.outcome] ?? p.result.outcome}${
                    p.result.amountFen ? `，${formatYuan(p.result.amountFen)}` : ''
                  }${p.result.note ? `：${p.result.note}` : ''}`
                : '尚未反馈',
          },
          {
            title: '反馈时间／期限',
            key: 'due',
            render: (_: unknown, p) =>
              p.result ? (
                formatDateTime(p.result.reportedAt)
              ) : (
                <Deadline dueAt={p.reportDueAt} label="反馈期限" />
              ),
          },
        ]}
      />
    </section>
  );
}
