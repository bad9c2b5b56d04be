import { calendarDataSchema } from '@jh/domain-calendar';
import { rolesFor } from '@jh/domain-access';
import type { RouteDoc } from '@jh/platform-http';
import { explainQuery } from './calendar/calendar.input';

const tags = ['节假日数据'];
/** One year of the official holiday notice: the element of the calendar data's `years`. */
const yearBody = calendarDataSchema.shape.years.element;
const cityOnly = '仅市民政局或市级协调人员。';

/** calendar.http.ts: the working-day calendar behind every deadline, and loading a year. */
export const calendarRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/calendar/status',
    summary: '已载入的节假日年份，及缺少数据的年份',
    tags,
    roles: rolesFor('calendar', 'read'),
    response: '各年份的数据状态',
  },
  {
    method: 'get',
    path: '/calendar/explain',
    summary: '期限说明：从某日起若干工作日落在哪天、为什么',
    tags,
    roles: rolesFor('calendar', 'read'),
    query: explainQuery,
    response: '到期日与跳过的节假日、调休日',
  },
  {
    method: 'post',
    path: '/calendar/years/preview',
    summary: '预览载入一年节假日数据会移动哪些未办结期限',
    description: cityOnly,
    tags,
    roles: rolesFor('calendar', 'write'),
    body: yearBody,
    response: '将移动的期限清单',
  },
  {
    method: 'put',
    path: '/calendar/years/:year',
    summary: '载入一年的官方节假日通知（经校验）',
    description: cityOnly,
    tags,
    roles: rolesFor('calendar', 'write'),
    body: yearBody,
    response: '载入结果与移动的期限',
  },
];
