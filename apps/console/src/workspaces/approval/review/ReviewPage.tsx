import { Alert, Card, Col, Result, Row, Space, Spin, Tag, Timeline } from 'antd';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { formatDateTime, formatYuan } from '../../../shared/format';
import { StaffName } from '../../../shared/StaffName';
import { useReview, type NextStep, type Review } from './api';
import { ApproveForm } from './ApproveForm';
import { CaseFile } from './CaseFile';
import { actionLabels, levelLabels, stageLabels, statusLabels, stepLabels } from './labels';
import { StepForm } from './StepForms';
import { StepGate } from './StepGate';

// Refusals that only say "not now / already done": the step is simply not shown.
const NOT_NOW = new Set(['REVIEW_WRONG_STATUS', 'ALREADY_RECORDED', 'NO_OUTSTANDING_PAPERWORK']);

function StepBody({ review, step }: { review: Review; step: NextStep }) {
  if (step.step === 'approve' || step.step === 'fast_aid' || step.step === 'follow_up') {
    return <ApproveForm review={review} step={{ ...step, step: step.step }} />;
  }
  return <StepForm review={review} step={step} />;
}

/** The review's history as a vertical timeline: who did what, when (R-AP-1). */
function History({ review }: { review: Review }) {
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">办理经过</h3>
      <Timeline
        items={review.audit.map((a) => ({
          key: `${a.at}-${a.action}`,
          color: a.action === 'rejected' || a.action === 'routed' ? 'red' : 'blue',
          children: (
            <div>
              <strong>{actionLabels[a.action] ?? a.action}</strong> · <StaffName id={a.byUserId} />{' '}
              · {formatDateTime(a.at)}
              {a.reason && <div>{a.reason}</div>}
            </div>
          ),
        }))}
      />
      {review.approvals.map((a) => (
        <Card
          key={a.approvalId}
          size="small"
          title={`${actionLabels[a.kind === 'regular' ? 'approved' : a.kind] ?? a.kind}：${formatYuan(a.amountFen)}`}
          style={{ marginBottom: 8 }}
        >
          {levelLabels[a.level]} · <StaffName id={a.approverId} /> · {formatDateTime(a.approvedAt)}
          {a.instalments.length > 1 && (
            <ul>
              {a.instalments.map((i) => (
                <li key={i.number}>
                  第{i.number}期 {formatYuan(i.amountFen)}，{formatDateTime(i.dueAt)} 前发放
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
    </section>
  );
}

/** 审核页: case file, history, and each step the reader may take (or why not). */
export function ReviewPage() {
  const id = useParams()['id'] ?? '';
  const { data: review, isLoading, error } = useReview(id);
  if (isLoading) {
    return (
      <div role="status">
        <Spin /> 正在加载审核…
      </div>
    );
  }
  if (error || !review) {
    return (
      <Result
        status="warning"
        title="无法打开该审核"
        subTitle={messageOf(error)}
        extra={<Link to="/approval">返回审核队列</Link>}
      />
    );
  }
  const shown = review.nextSteps.filter((s) => s.allowed || !NOT_NOW.has(s.reasonCode ?? ''));
  const open = shown.filter((s) => s.allowed);
  const refused = shown.filter((s) => !s.allowed);
  return (
    <article aria-labelledby="review-title">
      <Space wrap align="baseline">
        <h2 id="review-title">审核 {review.applicationNumber || review.caseId.slice(0, 8)}</h2>
        <Tag>{statusLabels[review.status]}</Tag>
        <Tag color="blue">下一步：{stageLabels[review.stage]}</Tag>
        <Link to="/approval">返回审核队列</Link>
      </Space>
      {review.decisionReason && (
        <Alert type="info" message={`决定理由：${review.decisionReason}`} />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <CaseFile review={review} />
          <History review={review} />
        </Col>
        <Col xs={24} lg={10}>
          <section aria-labelledby="actions-title">
            <h3 id="actions-title">办理</h3>
            {open.length === 0 && <p>您当前没有可办理的步骤。</p>}
            {open.map((s) => (
              <Card
                key={s.step}
                size="small"
                title={stepLabels[s.step]}
                style={{ marginBottom: 12 }}
                data-step={s.step}
              >
                <StepBody review={review} step={s} />
              </Card>
            ))}
            {refused.length > 0 && <h3>暂不可办理</h3>}
            {refused.map((s) => (
              <div key={s.step} style={{ marginBottom: 8 }}>
                <StepGate review={review} step={s}>
                  {null}
                </StepGate>
              </div>
            ))}
          </section>
        </Col>
      </Row>
    </article>
  );
}
