import { LogoutOutlined } from '@ant-design/icons';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  ConfigProvider,
  Layout,
  Menu,
  Result,
  Space,
  Typography,
  type ThemeConfig,
} from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { Navigate, Outlet, createBrowserRouter, useLocation, useNavigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from './api/errors';
import { AuthContext, useUser } from './auth/AuthContext';
import { SessionExpired } from './auth/SessionExpired';
import { departmentLabels, roleLabels } from './auth/roles';
import { signOut, type SessionUser } from './auth/session';
import { RegionName } from './shared/regions';
import { clearDrafts } from './shared/useDraft';
import { CalendarBanner } from './shared/CalendarBanner';
import { workspaces, workspacesFor, type Workspace } from './workspaces/registry';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A refusal (4xx) will not change by asking again.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

/**
 * antd's default blue (#1677ff), grey texts and some tag colours fall below WCAG AA 4.5:1 (axe:
 * color-contrast); darker shades of the same palette keep antd's look at AA contrast.
 */
const darker = (colors: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(colors).flatMap(([name, hex]) => [
      [`${name}7`, hex],
      [`${name}-7`, hex],
    ]),
  );

const accessibleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    // Success and warning text (Typography type="success"/"warning") at AA contrast too.
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.56)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.55)',
    // Tag text is the palette's 7th shade on its 1st; these fall below 4.5:1, so a darker shade.
    // Both spellings: `green7` for the token, `green-7` for the CSS variable antd emits.
    ...darker({
      green: '#237804',
      gold: '#874d00',
      orange: '#873800',
      cyan: '#006d75',
      volcano: '#ad2102',
      lime: '#3f6600',
      yellow: '#614700',
    }),
  } as ThemeConfig['token'],
};

function UserBadge() {
  const user = useUser();
  const roles = user.roles.map((r) => roleLabels[r] ?? r).join('、');
  const department = user.department ? (departmentLabels[user.department] ?? user.department) : '';
  return (
    <Space size="middle" style={{ color: '#fff' }} data-testid="user-badge">
      <span>{user.name}</span>
      <span>
        {department ? `${department} · ` : ''}
        {roles}
      </span>
      <span>
        <RegionName code={user.regionCode} />
      </span>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        onClick={() => {
          // Drafts may hold personal data; the OIDC user stays until signoutRedirect has
          // read its id_token (without the hint Keycloak asks "are you sure").
          clearDrafts();
          void signOut();
        }}
      >
        退出登录
      </Button>
    </Space>
  );
}

function Shell() {
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const allowed = workspacesFor(user.roles);
  const selected = location.pathname.split('/')[1] ?? '';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
      >
        <Typography.Title level={1} style={{ color: '#fff', margin: 0, fontSize: 20 }}>
          社会救助一门受理·协同办理平台
        </Typography.Title>
        <UserBadge />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="工作台">
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={allowed.map((w) => ({ key: w.key, label: w.label }))}
              onClick={({ key }) => navigate(`/${key}`)}
              style={{ height: '100%', borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16 }}>
          <main>
            <CalendarBanner />
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
      <SessionExpired />
    </Layout>
  );
}

function Home() {
  const first = workspacesFor(useUser().roles)[0];
  if (first) return <Navigate to={`/${first.key}`} replace />;
  return (
    <Result
      status="403"
      title="暂无可用的工作台"
      subTitle="您的账号尚未分配业务角色，请联系系统管理员。"
    />
  );
}

function Guard({ workspace, children }: { workspace: Workspace; children: React.ReactNode }) {
  const user = useUser();
  if (!workspace.roles.some((r) => user.roles.includes(r))) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle={`您的角色无权使用「${workspace.label}」工作台。`}
      />
    );
  }
  return <>{children}</>;
}

function routerFor() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Home /> },
        ...workspaces.map((w) => ({
          path: `${w.key}/*`,
          lazy: async () => {
            const { default: Component } = await w.load();
            return {
              Component: () => (
                <Guard workspace={w}>
                  <Component />
                </Guard>
              ),
            };
          },
        })),
        {
          path: '*',
          element: <Result status="404" title="页面不存在" subTitle="请从左侧菜单进入工作台。" />,
        },
      ],
    },
  ]);
}

export function App({ user }: { user: SessionUser }) {
  const router = useMemo(routerFor, []);
  return (
    <ConfigProvider locale={zhCN} theme={accessibleTheme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthContext.Provider value={user}>
            <RouterProvider router={router} />
          </AuthContext.Provider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
