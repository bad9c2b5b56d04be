import { Spin, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
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
  const navigate = useNavigate();
  const rest = useLocation().pathname.replace(/^\/coordination\/?/, '');
  const active = tabs.find((t) => t.key && rest.startsWith(t.key))?.key ?? '';
  return (
    <>
      <nav aria-label="协同调度">
        <Tabs
          size="small"
          activeKey={active}
          items={tabs}
          onChange={(key) => navigate(key ? `/coordination/${key}` : '/coordination')}
        />
      </nav>
      <Suspense
        fallback={
          <div role="status">
            <Spin /> 正在加载…
          </div>
        }
      >
        <Routes>
          <Route index element={<Board />} />
          <Route path="cases/:id" element={<CasePage />} />
          <Route path="sla" element={<Sla />} />
          <Route path="bulletin" element={<Bulletin />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="*" element={<Navigate to="/coordination" replace />} />
        </Routes>
      </Suspense>
    </>
  );
}
