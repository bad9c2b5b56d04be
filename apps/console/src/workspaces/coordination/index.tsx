import { Result } from 'antd';

export default function CoordinationWorkspace() {
  return <Result status="info" title="协同调度" subTitle="建设中" />;
}
