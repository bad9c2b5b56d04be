import { Result, Tabs } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { ChainCheck } from './ChainCheck';
import { Search } from './Search';

/**
 * 审计监督 (R-OV-1…3): the audit trail of each service searched by person (blind index), object,
 * user and time; each chain verified from the screen; exports for the record.
 */
export default function AuditWorkspace() {
  const navigate = useNavigate();
  const location = useLocation();
  const active = location.pathname.startsWith('/audit/chain') ? '/audit/chain' : '/audit';
  return (
    <>
      <nav aria-label="审计监督">
        <Tabs
          size="small"
          activeKey={active}
          items={[
            { key: '/audit', label: '审计记录查询' },
            { key: '/audit/chain', label: '审计链校验' },
          ]}
          onChange={(k) => navigate(k)}
        />
      </nav>
      <Routes>
        <Route index element={<Search />} />
        <Route path="chain" element={<ChainCheck />} />
        <Route path="*" element={<Result status="404" title="页面不存在" />} />
      </Routes>
    </>
  );
}
