import type { ComponentType } from 'react';
import { rolesFor } from '@jh/domain-access';

export interface Workspace {
  key: string;
  label: string;
  /** Realm roles that see this workspace in the menu and may open it. */
  roles: readonly string[];
  /** The workspace's own routes (`/<key>/*`), loaded on demand. */
  load: () => Promise<{ default: ComponentType }>;
}

/** One workspace per kind of work; the menu shows only those the user's roles allow. */
export const workspaces: readonly Workspace[] = [
  {
    key: 'intake',
    label: '窗口受理',
    roles: ['window_clerk', 'first_reviewer'],
    load: () => import('./intake'),
  },
  {
    key: 'department',
    label: '部门办理',
    roles: ['department_officer'],
    load: () => import('./department'),
  },
  {
    key: 'coordination',
    label: '协同调度',
    roles: ['coordinator', 'county_bureau', 'city_bureau'],
    load: () => import('./coordination'),
  },
  {
    key: 'outreach',
    label: '主动发现',
    roles: rolesFor('outreach', 'read'),
    load: () => import('./outreach'),
  },
  {
    key: 'approval',
    label: '审核审批',
    roles: ['first_reviewer', 'approver', 'county_bureau', 'city_bureau'],
    load: () => import('./approval'),
  },
  {
    key: 'payment',
    label: '资金对账',
    roles: ['payment_staff'],
    load: () => import('./payment'),
  },
  { key: 'audit', label: '审计监督', roles: ['auditor'], load: () => import('./audit') },
];

export const workspacesFor = (roles: readonly string[]) =>
  workspaces.filter((w) => w.roles.some((r) => roles.includes(r)));
