import { Result } from 'antd';
import { Route, Routes } from 'react-router';
import { WorkspaceShell } from '../../shared/WorkspaceShell';
import { ChainCheck } from './ChainCheck';
import { Search } from './Search';

/**
 * 审计监督 (R-OV-1…3): the audit trail of each service searched by person (blind index), object,
 * user and time; each chain verified from the screen; exports for the record.
 */
export default function AuditWorkspace() {
  return (
    <WorkspaceShell
      base="/audit"
      label="审计监督"
      tabs={[
        { key: '', label: '审计记录查询' },
        { key: 'chain', label: '审计链校验' },
      ]}
    >
      <Routes>
        <Route index element={<Search />} />
        <Route path="chain" element={<ChainCheck />} />
        <Route path="*" element={<Result status="404" title="页面不存在" />} />
      </Routes>
    </WorkspaceShell>
  );
}
