import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { WorkspaceShell } from '../../shared/WorkspaceShell';
import { Batch } from './Batch';
import { OrderPage } from './OrderPage';
import { Orders } from './Orders';
import { Reconciliation } from './Reconciliation';
import { ReportPage } from './ReportPage';
import { Reserves } from './Reserves';

// The totals screen brings ECharts: loaded only when opened.
const Totals = lazy(() => import('./Totals').then((m) => ({ default: m.Totals })));

const tabs = [
  { key: 'orders', label: '支付指令' },
  { key: 'batch', label: '月度批次' },
  { key: 'reconciliation', label: '对账' },
  { key: 'reserves', label: '备付金与预拨' },
  { key: 'totals', label: '汇总' },
];

/** Payment staff's screens (R-PAY-1…6), one URL each. */
export default function PaymentWorkspace() {
  return (
    <WorkspaceShell base="/payment" label="资金对账" tabs={tabs} fallbackKey="orders">
      <Routes>
        <Route index element={<Navigate to="orders" replace />} />
        <Route path="orders" element={<Orders />} />
        <Route path="orders/:id" element={<OrderPage />} />
        <Route path="batch" element={<Batch />} />
        <Route path="reconciliation" element={<Reconciliation />} />
        <Route path="reconciliation/:id" element={<ReportPage />} />
        <Route path="reserves" element={<Reserves />} />
        <Route path="totals" element={<Totals />} />
        <Route path="*" element={<Navigate to="/payment/orders" replace />} />
      </Routes>
    </WorkspaceShell>
  );
}
