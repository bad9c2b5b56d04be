import { Result } from 'antd';

/** Placeholder until this section's screens land. */
export default function Section() {
  return <Result status="info" title="正在建设中" />;
}
