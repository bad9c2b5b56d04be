import { Alert, Result, Tabs } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { messageOf } from '../../api/errors';
import { useUser } from '../../auth/AuthContext';
import { departmentLabels, isDepartmentService } from '../../auth/roles';
import { useDepartmentDef } from './api';
import { Exemptions } from './Exemptions';
import { PartPage } from './PartPage';
import { Worklist } from './Worklist';

/**
 * 部门办理 (R-JH-3): one code path for every department. The officer's department picks the
 * service (`/api/<department>`), and GET /department defines the report form.
 */
export default function DepartmentWorkspace() {
  const user = useUser();
  const svc = user.department;
  const navigate = useNavigate();
  const location = useLocation();
  const def = useDepartmentDef(isDepartmentService(svc) ? svc : 'education');
  if (!isDepartmentService(svc)) {
    return (
      <Result
        status="403"
        title="未设置所属部门"
        subTitle="您的账号没有所属部门（教育、住建、医保或人社），请联系系统管理员。"
      />
    );
  }
  // Education has its own 免申即享 list besides the worklist (R-EDU-1/2).
  const tabs =
    svc === 'education'
      ? [
          { key: '/department', label: '办理事项' },
          { key: '/department/exemptions', label: '免申即享学生' },
        ]
      : [];
  const active = location.pathname.startsWith('/department/exemptions')
    ? '/department/exemptions'
    : '/department';
  return (
    <>
      {tabs.length > 0 && (
        <nav aria-label={`${departmentLabels[svc]}部门办理`}>
          <Tabs size="small" activeKey={active} items={tabs} onChange={(k) => navigate(k)} />
        </nav>
      )}
      {def.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={`无法读取本部门的办理规则：${messageOf(def.error)}`}
        />
      )}
      <Routes>
        <Route index element={<Worklist svc={svc} def={def.data} />} />
        <Route path="parts/:id" element={<PartPage svc={svc} def={def.data} />} />
        {svc === 'education' && <Route path="exemptions" element={<Exemptions />} />}
        <Route path="*" element={<Result status="404" title="页面不存在" />} />
      </Routes>
    </>
  );
}
