import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { WorkspaceShell } from '../../shared/WorkspaceShell';
import { Board } from './Board';
import { CasePage } from './CasePage';

// The chart screens bring ECharts: loaded only when opened, the board and case stay light.
const Sla = lazy(() => import('./Sla').then((m) => ({ default: m.Sla })));
const Bulletin = lazy(() => import('./Bulletin').then((m) => ({ default: m.Bulletin })));
const CalendarPage = lazy(() => import('./Calendar').then((m) => ({ default: m.CalendarPage })));

const tabs = [
  { key: '', label: '协同看板' },
  { key: 'sla', label: '时限监控与督办' },
  { key: 'bulletin', label: '月度通报' },
  { key: 'calendar', label: '节假日数据' },
];

/** The coordinator's screens, one URL each (R-JH-2/3/4). */
export default function CoordinationWorkspace() {
  return (
    <WorkspaceShell base="/coordination" label="协同调度" tabs={tabs}>
      <Routes>
        <Route index element={<Board />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="sla" element={<Sla />} />
        <Route path="bulletin" element={<Bulletin />} />
        <Route path="calendar" element={<CalendarPage />} />
        <Route path="*" element={<Navigate to="/coordination" replace />} />
      </Routes>
    </WorkspaceShell>
  );
}
