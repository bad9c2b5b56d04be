import { buildOpenApiDocument } from '@jh/platform-http';
import { calendarRoutes } from './openapi.calendar';
import { caseRoutes, certificationRoutes, firstAidRoutes, oversightRoutes } from './openapi.cases';
import { deliberationRoutes, reviewRoutes } from './openapi.reviews';
import { outreachRoutes } from './openapi.outreach';
import { procedureRoutes } from './openapi.procedures';

/** This service's OpenAPI document (served at /openapi.json; the console's types come from it). */
export const openApiDocument = () =>
  buildOpenApiDocument(
    {
      service: 'civil-affairs',
      title: '民政协同办理接口（civil-affairs）',
      version: '1',
      description:
        '协同调度、审核审批、一事一议、先行救助、认定、主动发现、监督检查与节假日数据。由 zod 校验规则生成，请勿手改。',
    },
    [
      ...caseRoutes,
      ...reviewRoutes,
      ...deliberationRoutes,
      ...firstAidRoutes,
      ...certificationRoutes,
      ...oversightRoutes,
      ...calendarRoutes,
      ...procedureRoutes,
      ...outreachRoutes,
    ],
  );
