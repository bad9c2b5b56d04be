import { Result } from 'antd';

/** Approval, payment and audit workspaces come with issue 16. */
export default function ComingSoon() {
  return (
    <Result
      status="info"
      title="该工作台正在建设中"
      subTitle="审核审批、资金对账与审计监督工作台将在下一阶段上线。"
    />
  );
}
