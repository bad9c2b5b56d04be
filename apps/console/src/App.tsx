import { useEffect, useState } from 'react';
import { ConfigProvider, Layout, Menu, Result, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import zhCN from 'antd/locale/zh_CN';

/** One workspace per role; each gets its own page as the flows are built. */
export const workspaces = [
  { key: 'intake', label: '窗口受理', role: '受理窗口人员' },
  { key: 'department', label: '部门办理', role: '教育、住建、医保、人社等部门经办人' },
  { key: 'coordination', label: '协同调度', role: '民政协同调度员' },
  { key: 'approval', label: '审核审批', role: '审核、审批人员' },
  { key: 'payment', label: '资金对账', role: '资金发放与对账人员' },
  { key: 'audit', label: '审计监督', role: '审计监督人员' },
] as const;

type WorkspaceKey = (typeof workspaces)[number]['key'];

const isWorkspaceKey = (value: string): value is WorkspaceKey =>
  workspaces.some((w) => w.key === value);

/** The selected workspace lives in the URL hash so a page can be bookmarked and reloaded. */
function keyFromHash(): WorkspaceKey {
  const key = window.location.hash.replace(/^#\/?/, '');
  return isWorkspaceKey(key) ? key : 'intake';
}

const menuItems: MenuProps['items'] = workspaces.map((w) => ({ key: w.key, label: w.label }));

export function App() {
  const [selected, setSelected] = useState<WorkspaceKey>(keyFromHash);

  useEffect(() => {
    const onHashChange = () => setSelected(keyFromHash());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const current = workspaces.find((w) => w.key === selected) ?? workspaces[0];

  return (
    <ConfigProvider locale={zhCN} theme={{ algorithm: theme.defaultAlgorithm }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            社会救助一门受理·协同办理平台
          </Typography.Title>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={menuItems}
              onClick={({ key }) => {
                window.location.hash = `/${key}`;
              }}
              style={{ height: '100%', borderInlineEnd: 0 }}
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24 }}>
            <Result
              status="info"
              title={`${current.label} · 建设中`}
              subTitle={`面向${current.role}的工作台正在建设中，敬请期待。`}
            />
          </Layout.Content>
        </Layout>
      </Layout>
    </ConfigProvider>
  );
}
