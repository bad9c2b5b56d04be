import { Result } from 'antd';

/** Placeholder until this workspace's screens land. */
export default function Workspace() {
  return <Result status="info" title="正在建设中" />;
}
