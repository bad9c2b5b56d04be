import { Route, Routes } from 'react-router';
import { ApplicationList } from './ApplicationList';
import { ApplicationPage } from './ApplicationPage';
import { NewApplication } from './NewApplication';
import { Receipt } from './Receipt';

/** 窗口受理 (R-JH-1/5/6): the clerk's list, the full form, one application, its printable receipt. */
export default function IntakeWorkspace() {
  return (
    <Routes>
      <Route index element={<ApplicationList />} />
      <Route path="new" element={<NewApplication />} />
      <Route path="applications/:id" element={<ApplicationPage />} />
      <Route path="applications/:id/receipt" element={<Receipt />} />
    </Routes>
  );
}
