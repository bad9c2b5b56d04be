import { Result } from 'antd';

export default function DepartmentWorkspace() {
  return <Result status="info" title="部门办理" subTitle="建设中" />;
}
