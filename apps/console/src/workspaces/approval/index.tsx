import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { WorkspaceShell } from '../../shared/WorkspaceShell';
import { hasRole, useUser } from '../../auth/AuthContext';
import ReviewRoutes from './review';

const FirstAid = lazy(() => import('./first-aid'));
const Deliberations = lazy(() => import('./deliberation'));
const Oversight = lazy(() => import('./oversight'));

const tabs = [
  { key: '', label: '审核审批' },
  { key: 'first-aid', label: '先行救助' },
  { key: 'deliberations', label: '一事一议' },
  { key: 'oversight', label: '抽查与近亲属备案' },
];

/** The reviewer's and approver's screens, one URL each (DOMAIN §4–5). */
export default function ApprovalWorkspace() {
  const user = useUser();
  // Spot checks are the county's and city's work (R-AP-7); the street sees the registry there too.
  const visible = tabs.filter(
    (t) =>
      t.key !== 'oversight' ||
      hasRole(user, 'county_bureau', 'city_bureau', 'first_reviewer', 'approver'),
  );
  return (
    <WorkspaceShell base="/approval" label="审核审批" tabs={visible}>
      <Routes>
        <Route path="first-aid/*" element={<FirstAid />} />
        <Route path="deliberations/*" element={<Deliberations />} />
        <Route path="oversight/*" element={<Oversight />} />
        <Route path="*" element={<ReviewRoutes />} />
      </Routes>
    </WorkspaceShell>
  );
}
