import { ConfigProvider, Spin, Tabs, type ThemeConfig } from 'antd';
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

/**
 * antd's default blue (#1677ff) and grey texts fall short of WCAG AA 4.5:1 on white and on the
 * layout grey (axe: color-contrast); darker shades of the same palette keep the look.
 */
const accessibleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.56)',
    // Tag text is the palette's 7th shade on its 1st; these three fall below 4.5:1.
    // Both spellings: `green7` for the token, `green-7` for the CSS variable antd emits.
    green7: '#237804',
    'green-7': '#237804',
    gold7: '#874d00',
    'gold-7': '#874d00',
    orange7: '#873800',
    'orange-7': '#873800',
  },
};

/** The coordinator's screens, one URL each (R-JH-2/3/4). */
export default function CoordinationWorkspace() {
  const navigate = useNavigate();
  const rest = useLocation().pathname.replace(/^\/coordination\/?/, '');
  const active = tabs.find((t) => t.key && rest.startsWith(t.key))?.key ?? '';
  return (
    <ConfigProvider theme={accessibleTheme} button={{ autoInsertSpace: false }}>
      <nav aria-label="协同调度">
        <Tabs
          size="small"
          activeKey={active}
          items={tabs}
          onChange={(key) => navigate(key ? `/coordination/${key}` : '/coordination')}
        />
      </nav>
      <Suspense fallback={<Spin aria-label="正在加载" />}>
        <Routes>
          <Route index element={<Board />} />
          <Route path="cases/:id" element={<CasePage />} />
          <Route path="sla" element={<Sla />} />
          <Route path="bulletin" element={<Bulletin />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="*" element={<Navigate to="/coordination" replace />} />
        </Routes>
      </Suspense>
    </ConfigProvider>
  );
}
