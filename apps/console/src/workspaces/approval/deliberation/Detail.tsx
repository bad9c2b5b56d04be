import { Alert, Button, Descriptions, Space, Spin, Steps, Timeline, Tooltip } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { messageOf } from '../../../api/errors';
import { Deadline } from '../../../shared/Deadline';
import { formatDate, formatDateTime, formatYuan } from '../../../shared/format';
import { RegionName } from '../../../shared/regions';
import { StaffName } from '../../../shared/StaffName';
import {
  getDeliberation,
  stageLabels,
  type DeliberationView,
  type Stage,
  type StepKey,
} from './api';
import { DemocraticReviewForm } from './DemocraticReviewForm';
import { StepForm } from './StepForms';

/** §5's eight steps as the guide shows them, and where each stage sits among them. */
const GUIDE = ['受理', '调查核实', '民主评议', '审核', '集体研究', '公示', '审批', '备案'];
const POSITION: Record<Stage, number> = {
  investigation: 1,
  democratic_review: 2,
  office_review: 3,
  collective_decision: 4,
  public_notice: 5,
  reinvestigation: 1,
  approved: 7,
  filed: 8,
  closed: 8,
};
/** The steps the current stage offers (presentation only: whether one may is the server's answer). */
const OFFERED: Record<Stage, StepKey[]> = {
  investigation: ['investigation'],
  democratic_review: ['democratic-review'],
  office_review: ['office-review'],
  collective_decision: ['collective-decision'],
  public_notice: ['public-notice', 'objection', 'approve'],
  reinvestigation: ['investigation', 'continue', 'conclude'],
  approved: ['filing'],
  filed: [],
  closed: [],
};

function Actors({ d }: { d: DeliberationView }) {
  return (
    <span>
      受理：
      <StaffName id={d.actors.acceptor} />
      {d.actors.officeReviewer && (
        <>
          ；审核：
          <StaffName id={d.actors.officeReviewer} />
        </>
      )}
      {d.actors.decisionMaker && (
        <>
          ；集体研究登记：
          <StaffName id={d.actors.decisionMaker} />
        </>
      )}
    </span>
  );
}

/** One 一事一议 as a guided procedure: where it stands, its clocks, what this user may do next. */
export function DeliberationDetail() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const [open, setOpen] = useState<StepKey>();
  const q = useQuery({ queryKey: ['deliberation', id], queryFn: () => getDeliberation(id) });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Alert type="error" showIcon title={messageOf(q.error)} />;
  const d = q.data;
  const done = () => {
    setOpen(undefined);
    void qc.invalidateQueries({ queryKey: ['deliberation', id] });
    void qc.invalidateQueries({ queryKey: ['deliberations'] });
  };
  const offered = OFFERED[d.stage]
    .map((k) => d.steps?.find((s) => s.step === k))
    .filter((s) => s !== undefined);
  const position = POSITION[d.stage];
  return (
    <section aria-labelledby="deliberation-detail">
      <h2 id="deliberation-detail">一事一议：{d.applicant.name}</h2>
      <Steps
        size="small"
        current={position}
        status={d.stage === 'closed' ? 'error' : d.stage === 'filed' ? 'finish' : 'process'}
        items={GUIDE.map((title) => ({ title }))}
        style={{ marginBottom: 12 }}
      />
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label="当前环节">{stageLabels[d.stage]}</Descriptions.Item>
        <Descriptions.Item label="地区">
          <RegionName code={d.applicant.regionCode} />
        </Descriptions.Item>
        <Descriptions.Item label="身份证号码">{d.applicant.idNumber}</Descriptions.Item>
        <Descriptions.Item label="受理时间">{formatDateTime(d.acceptedAt)}</Descriptions.Item>
        <Descriptions.Item label="民主评议期限">
          <Deadline
            dueAt={d.deadlines.democraticReview.dueAt}
            label="受理后5个工作日内召开民主评议（DOMAIN §5.3）"
            doneAt={d.democraticReview?.heldAt}
          />
        </Descriptions.Item>
        <Descriptions.Item label="公示">
          {d.publicNotice
            ? `${d.publicNotice.place}，${formatDate(d.publicNotice.postedAt)} 起，${formatDate(d.publicNotice.endsAt)} 期满${d.publicNotice.objection ? '（有异议）' : ''}`
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="救助金额">
          {d.collectiveDecision?.approved ? formatYuan(d.collectiveDecision.amountFen) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="备案期限">
          {d.filing ? (
            <Deadline
              dueAt={d.filing.dueAt}
              label="审批后3个工作日内备案（DOMAIN §5.8）"
              doneAt={d.filing.filedAt ?? undefined}
            />
          ) : (
            '审批后3个工作日内'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="经办人" span={2}>
          <Actors d={d} />
        </Descriptions.Item>
        <Descriptions.Item label="困难情况" span={2}>
          {d.hardship}
        </Descriptions.Item>
        {d.democraticReview && (
          <Descriptions.Item label="民主评议" span={2}>
            {formatDateTime(d.democraticReview.heldAt)}，参会 {d.democraticReview.participantCount}{' '}
            人
          </Descriptions.Item>
        )}
        {d.conclusion !== '' && (
          <Descriptions.Item label="办结意见" span={2}>
            {d.conclusion}
          </Descriptions.Item>
        )}
      </Descriptions>
      {d.deadlineNotice?.message && <Alert type="info" showIcon title={d.deadlineNotice.message} />}
      <h3>下一步</h3>
      {offered.length === 0 && <p>本事项已{stageLabels[d.stage]}，无需再办理。</p>}
      <Space wrap style={{ marginBottom: 8 }}>
        {offered.map((s) =>
          s.allowed ? (
            <Button
              key={s.step}
              type={open === s.step ? 'primary' : 'default'}
              onClick={() => setOpen(s.step)}
            >
              {s.zh}
            </Button>
          ) : (
            <Tooltip key={s.step} title={s.reason}>
              <Button disabled aria-describedby={`why-${s.step}`}>
                {s.zh}
              </Button>
            </Tooltip>
          ),
        )}
      </Space>
      {offered
        .filter((s) => !s.allowed)
        .map((s) => (
          <Alert
            key={s.step}
            id={`why-${s.step}`}
            type="warning"
            showIcon
            title={`不能办理“${s.zh}”：${s.reason ?? ''}`}
            description={s.code === 'SOD_SAME_PERSON' ? <Actors d={d} /> : undefined}
            style={{ marginBottom: 8 }}
          />
        ))}
      {open === 'democratic-review' && <DemocraticReviewForm d={d} onDone={done} />}
      {open && open !== 'democratic-review' && (
        <StepForm key={open} d={d} step={open} onDone={done} />
      )}
      <h3>办理记录</h3>
      <Timeline
        items={d.audit.map((a) => ({
          children: (
            <span>
              {formatDateTime(a.at)} <StaffName id={a.byUserId} />：{a.reason}
            </span>
          ),
        }))}
      />
    </section>
  );
}
