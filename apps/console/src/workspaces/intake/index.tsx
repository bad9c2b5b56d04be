import { Result } from 'antd';

export default function IntakeWorkspace() {
  return <Result status="info" title="窗口受理" subTitle="建设中" />;
}
