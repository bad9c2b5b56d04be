import type { Express } from 'express';
import { regionLevel } from '@jh/domain-access';
import { actorOf, requireAuth, type Actor, type TokenVerifier } from '@jh/platform-auth';
import { invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { z } from '@jh/platform-config';
import type { Logger } from '@jh/platform-logger';
import { civilGuard, may, scopeQuery } from '../access';
import { explainQuery, yearParam } from './calendar.input';
import type { CalendarAdmin } from './calendar.service';

const noSuch = () => notFound('CALENDAR_NOT_FOUND', '未找到该日历数据');

/** Loading a year is a city-wide act: the city bureau, or a coordinator at city level. */
function assertCityAdmin(actor: Actor): void {
  if (actor.roles.includes('city_bureau')) return;
  if (actor.roles.includes('coordinator') && regionLevel(actor.regionCode) === 'city') return;
  throw notAllowed('CALENDAR_CITY_ONLY', '只有市民政局或市级协调人员可以维护节假日数据');
}

/** The shared body checks (JSON only, no operator keys); the year's own schema follows. */
const jsonBody = (body: unknown): unknown => parseBody(z.unknown(), body);

function yearOf(raw: unknown): number {
  const parsed = yearParam.safeParse(raw);
  if (!parsed.success)
    throw invalidInput([{ path: 'year', code: 'INVALID_YEAR', message: '年份应为四位数字' }]);
  return parsed.data;
}

export function mountCalendarRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; admin: CalendarAdmin; logger?: Logger },
): void {
  const { admin } = deps;
  const guard = civilGuard('calendar', noSuch, deps.logger);
  // The parts a preview lists: the caller's region of cases (R-OV-2).
  const cases = civilGuard('case', noSuch, deps.logger);
  const caseScope = (actor: Actor) => scopeQuery(cases, actor) ?? { 'scope.city': '-' };
  app.use('/calendar', requireAuth(deps.verifier));

  app.get(
    '/calendar/status',
    may(guard, 'read'),
    handle(async (_req, res) => {
      res.json(await admin.status());
    }),
  );
  app.get(
    '/calendar/explain',
    may(guard, 'read'),
    handle(async (req, res) => {
      const q = parseQuery(explainQuery, req.query);
      res.json(admin.explain(q.from, q.workingDays));
    }),
  );
  app.post(
    '/calendar/years/preview',
    may(guard, 'write'),
    handle(async (req, res) => {
      const actor = actorOf(res);
      assertCityAdmin(actor);
      res.json(await admin.preview(jsonBody(req.body), caseScope(actor)));
    }),
  );
  app.put(
    '/calendar/years/:year',
    may(guard, 'write'),
    handle(async (req, res) => {
      const actor = actorOf(res);
      assertCityAdmin(actor);
      const year = yearOf(req.params['year']);
      res.json(await admin.load(year, jsonBody(req.body), actor.userId, caseScope(actor)));
    }),
  );
}
