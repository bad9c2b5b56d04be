import { rolesFor } from '@jh/domain-access';
import { Route, Routes } from 'react-router';
import { hasRole, useUser } from '../../auth/AuthContext';
import { WorkspaceShell } from '../../shared/WorkspaceShell';
import { ConsultationList, ConsultationPage } from './Consultations';
import { Overview } from './Overview';
import { SkippedSignals } from './SkippedSignals';
import { TaskList } from './TaskList';
import { TaskPage } from './TaskPage';

const tabs = [
  { key: '', label: '外展任务' },
  { key: 'skipped', label: '未建任务的线索' },
  { key: 'overview', label: '各街道概况' },
  { key: 'consultations', label: '研判会商' },
];

/** 主动发现与分级响应 (R-PD-1…4): the street's tasks, the coordinator's overview and 研判会商. */
export default function OutreachWorkspace() {
  const user = useUser();
  const visible = tabs.filter(
    (t) =>
      (t.key !== 'overview' || hasRole(user, 'coordinator', 'county_bureau', 'city_bureau')) &&
      (t.key !== 'consultations' || hasRole(user, ...rolesFor('consultation', 'read'))),
  );
  return (
    <WorkspaceShell base="/outreach" label="主动发现" tabs={visible}>
      <Routes>
        <Route index element={<TaskList />} />
        <Route path="tasks/:id" element={<TaskPage />} />
        <Route path="skipped" element={<SkippedSignals />} />
        <Route path="overview" element={<Overview />} />
        <Route path="consultations" element={<ConsultationList />} />
        <Route path="consultations/:id" element={<ConsultationPage />} />
      </Routes>
    </WorkspaceShell>
  );
}
