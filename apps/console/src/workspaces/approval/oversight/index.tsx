import { Segmented } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { hasRole, useUser } from '../../../auth/AuthContext';
import { Relatives } from './Relatives';
import { SpotChecks } from './SpotChecks';

/** 抽查 (R-AP-7, county and city; auditors read) and 近亲属备案 (R-AP-8, every staff role). */
export default function OversightSection() {
  const user = useUser();
  const navigate = useNavigate();
  const spot = hasRole(user, 'county_bureau', 'city_bureau', 'auditor');
  const onRelatives = useLocation().pathname.includes('/oversight/relatives');
  return (
    <>
      {spot && (
        <Segmented
          aria-label="监督检查"
          value={onRelatives ? 'relatives' : 'spot'}
          options={[
            { value: 'spot', label: '月度抽查' },
            { value: 'relatives', label: '近亲属备案' },
          ]}
          onChange={(v) =>
            navigate(v === 'relatives' ? '/approval/oversight/relatives' : '/approval/oversight')
          }
          style={{ marginBottom: 8 }}
        />
      )}
      <Routes>
        <Route
          index
          element={spot ? <SpotChecks /> : <Navigate to="/approval/oversight/relatives" replace />}
        />
        <Route path="relatives" element={<Relatives />} />
      </Routes>
    </>
  );
}
