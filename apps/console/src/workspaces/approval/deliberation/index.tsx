import { Segmented } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { DeliberationDetail } from './Detail';
import { DeliberationList } from './List';
import { PeriodicReviews } from './Reviews';

/** 一事一议 (DOMAIN §5): the region's list, each one as a guided procedure, the R-YS-1 reviews. */
export default function DeliberationSection() {
  const navigate = useNavigate();
  const reviews = useLocation().pathname.includes('/deliberations/reviews');
  return (
    <>
      <Segmented
        aria-label="一事一议"
        value={reviews ? 'reviews' : 'list'}
        options={[
          { value: 'list', label: '事项办理' },
          { value: 'reviews', label: '定期复核' },
        ]}
        onChange={(v) =>
          navigate(v === 'reviews' ? '/approval/deliberations/reviews' : '/approval/deliberations')
        }
        style={{ marginBottom: 8 }}
      />
      <Routes>
        <Route index element={<DeliberationList />} />
        <Route path="reviews" element={<PeriodicReviews />} />
        <Route path=":id" element={<DeliberationDetail />} />
      </Routes>
    </>
  );
}
