import { Spin, Tabs } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';

export interface WorkspaceTab {
  /** The screen's path under the workspace ('' for its index). */
  key: string;
  label: string;
}

/**
 * A workspace's frame: its tab bar (one URL per screen, the active tab from the address) and a
 * spinner while a screen loaded on demand arrives.
 */
export function WorkspaceShell({
  base,
  label,
  tabs,
  fallbackKey = '',
  children,
}: {
  /** The workspace's path, e.g. `/payment`. */
  base: string;
  /** The navigation's accessible name. */
  label: string;
  tabs: readonly WorkspaceTab[];
  /** The tab shown active when no tab's path matches (the index's redirect target). */
  fallbackKey?: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const rest = useLocation().pathname.slice(base.length).replace(/^\//, '');
  const active = tabs.find((t) => t.key && rest.startsWith(t.key))?.key ?? fallbackKey;
  return (
    <>
      <nav aria-label={label}>
        <Tabs
          size="small"
          activeKey={active}
          items={[...tabs]}
          onChange={(key) => navigate(key ? `${base}/${key}` : base)}
        />
      </nav>
      <Suspense
        fallback={
          <div role="status">
            <Spin /> 正在加载…
          </div>
        }
      >
        {children}
      </Suspense>
    </>
  );
}
