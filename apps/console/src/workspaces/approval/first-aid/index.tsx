import { Navigate, Route, Routes } from 'react-router';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { FirstAidDetail } from './Detail';
import { GrantForm } from './GrantForm';
import { FirstAidList } from './List';

/** 先行救助 (R-AP-9): the street approver's short form, the county's list, each record. */
export default function FirstAidSection() {
  const user = useUser();
  return (
    <Routes>
      <Route index element={<FirstAidList />} />
      <Route
        path="new"
        element={
          hasRole(user, 'approver') ? <GrantForm /> : <Navigate to="/approval/first-aid" replace />
        }
      />
      <Route path=":id" element={<FirstAidDetail />} />
    </Routes>
  );
}
