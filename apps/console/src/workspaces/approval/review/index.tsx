import { Route, Routes } from 'react-router';
import { Queue } from './Queue';
import { ReviewPage } from './ReviewPage';

/** 审核审批: the queue at /approval, one review at /approval/reviews/:id (DOMAIN §4). */
export default function ReviewRoutes() {
  return (
    <Routes>
      <Route path="reviews/:id" element={<ReviewPage />} />
      <Route path="*" element={<Queue />} />
    </Routes>
  );
}
