import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { api } from '../api/client';
import { hasRole, useUser } from '../auth/AuthContext';

interface CalendarStatus {
  loadedYears: number[];
  bundledYears: number[];
  missingYears: number[];
  openDeadlinesInMissingYears: number;
}

const readers = [
  'window_clerk',
  'first_reviewer',
  'approver',
  'county_bureau',
  'city_bureau',
  'coordinator',
  'department_officer',
];

/** Warns when open deadlines fall in a year whose official holiday notice is not loaded. */
export function CalendarBanner() {
  const user = useUser();
  const enabled = hasRole(user, ...readers);
  const { data } = useQuery({
    queryKey: ['civil-affairs', 'calendar-status'],
    queryFn: () => api<CalendarStatus>('civil-affairs', '/calendar/status'),
    enabled,
    staleTime: 10 * 60_000,
    retry: false,
  });
  if (!data || data.missingYears.length === 0) return null;
  const years = data.missingYears.map((y) => `${y} 年`).join('、');
  const admin = hasRole(user, 'city_bureau', 'coordinator');
  return (
    <Alert
      type="warning"
      showIcon
      banner
      style={{ marginBottom: 12 }}
      title={`${years}的法定节假日安排尚未载入`}
      description={
        <>
          落在该年度的 {data.openDeadlinesInMissingYears}{' '}
          个办理期限暂按常规周末推算，国务院办公厅公布放假安排后可能变动。
          {admin ? (
            <Link to="/coordination/calendar"> 载入节假日数据</Link>
          ) : (
            ' 请联系市级管理员载入。'
          )}
        </>
      }
    />
  );
}
