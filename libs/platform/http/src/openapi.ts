import { z } from 'zod';

/** HTTP methods a route description may name (the ones express routes use here). */
export type RouteMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One route of a service, described next to its handler from the same zod schemas the handler
 * parses with, so the OpenAPI document cannot describe another input than the one enforced.
 */
export interface RouteDoc {
  method: RouteMethod;
  /** Express style (`/parts/:id/accept`); `:name` becomes `{name}` in the document. */
  path: string;
  /** One line, Chinese. */
  summary: string;
  tags: readonly string[];
  description?: string;
  /** JSON request body (the schema given to `parseBody`). */
  body?: z.ZodType;
  /** Media type of a body that is not JSON (a CSV file streamed by the handler). */
  bodyType?: string;
  /** The schema given to `parseQuery`. */
  query?: z.ZodObject;
  /** A zod schema of the answer, or a short description of it (views are plain functions). */
  response?: z.ZodType | string;
  /** Media type of a non-JSON answer (a CSV export). */
  responseType?: string;
  /** Success status (default 200). */
  status?: number;
  /** Roles allowed by the access table; shown in the description and as `x-roles`. */
  roles?: readonly string[];
  /** false: no bearer token (a signed callback, a probe). Default true. */
  auth?: boolean;
  /** Extra request headers the route reads (an Idempotency-Key). */
  headers?: readonly { name: string; description: string; required?: boolean }[];
}

export interface OpenApiInfo {
  /** Service name as the gateway routes it (`/api/<service>/…`). */
  service: string;
  title: string;
  version: string;
  description?: string;
}

type Json = Record<string, unknown>;

/** `/parts/:id/accept` → `/parts/{id}/accept`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

const pathParams = (expressPath: string) => [...expressPath.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/**
 * JSON Schema of what a client sends (`io: 'input'`: defaults make fields optional, transforms
 * show their input). Unrepresentable parts (a refinement) become open schemas, never a throw.
 */
function inputSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  delete json['$schema'];
  return json;
}

function outputSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Json;
  delete json['$schema'];
  return json;
}

function queryParameters(query: z.ZodObject): Json[] {
  const json = inputSchema(query);
  const properties = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema,
    ...(typeof schema['description'] === 'string' ? { description: schema['description'] } : {}),
  }));
}

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: '错误代码（如 INVALID_INPUT、NOT_FOUND）' },
        message: { type: 'string', description: '中文说明' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'code', 'message'],
            properties: {
              path: { type: 'string', description: '出错的字段' },
              code: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
        requestId: { type: 'string' },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The shared refusals, referenced by each operation instead of repeated in it. */
const errorResponses = {
  BadRequest: errorResponse('输入有误（逐字段列出）'),
  Unauthorized: errorResponse('未登录或令牌无效'),
  Forbidden: errorResponse('角色不允许'),
  NotFound: errorResponse('不存在或不在权限范围内'),
};
const ref = (name: keyof typeof errorResponses) => ({ $ref: `#/components/responses/${name}` });

function operation(route: RouteDoc): Json {
  const auth = route.auth ?? true;
  const status = String(route.status ?? 200);
  const parameters = [
    ...pathParams(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...(route.query ? queryParameters(route.query) : []),
    ...(route.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required ?? false,
      description: h.description,
      schema: { type: 'string' },
    })),
  ];
  const success: Json =
    route.response === undefined || typeof route.response === 'string'
      ? {
          description: route.response ?? '成功',
          content: { [route.responseType ?? 'application/json']: { schema: {} } },
        }
      : {
          description: '成功',
          content: {
            [route.responseType ?? 'application/json']: { schema: outputSchema(route.response) },
          },
        };
  const roles = route.roles && route.roles.length > 0 ? route.roles : undefined;
  const description = [route.description, roles ? `允许的角色：${roles.join('、')}` : undefined]
    .filter(Boolean)
    .join('\n\n');
  return {
    summary: route.summary,
    ...(description ? { description } : {}),
    tags: [...route.tags],
    operationId: operationId(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: inputSchema(route.body) } },
          },
        }
      : route.bodyType
        ? {
            requestBody: {
              required: true,
              content: { [route.bodyType]: { schema: { type: 'string' } } },
            },
          }
        : {}),
    responses: {
      [status]: success,
      ...(route.body || route.bodyType || route.query ? { '400': ref('BadRequest') } : {}),
      ...(auth ? { '401': ref('Unauthorized'), '403': ref('Forbidden') } : {}),
      ...(pathParams(route.path).length > 0 ? { '404': ref('NotFound') } : {}),
    },
    ...(auth ? {} : { security: [] }),
    ...(roles ? { 'x-roles': [...roles] } : {}),
  };
}

/** `post /parts/:id/transfer-request` → `postPartsIdTransferRequest`: stable, unique per route. */
export function operationId(route: Pick<RouteDoc, 'method' | 'path'>): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** The OpenAPI 3.1 document of a service's routes; throws on a route described twice. */
export function buildOpenApiDocument(info: OpenApiInfo, routes: readonly RouteDoc[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const item = (paths[openApiPath(route.path)] ??= {});
    if (item[route.method]) throw new Error(`route described twice: ${route.method} ${route.path}`);
    item[route.method] = operation(route);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  const tags = [...new Set(routes.flatMap((r) => r.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    servers: [
      { url: `/api/${info.service}`, description: '经网关（与控制台同源）' },
      { url: '/', description: '直接访问服务端口' },
    ],
    tags,
    paths: sorted,
    components: {
      schemas: { Error: errorBody },
      responses: errorResponses,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Keycloak 访问令牌',
        },
      },
    },
    security: [{ bearer: [] }],
  };
}

/**
 * A document with more routes added (the platform's own, mounted in every service: the audit
 * routes): paths and tags merged and sorted as `buildOpenApiDocument` sorts them.
 */
export function withRoutes(document: object, routes: readonly RouteDoc[]): Json {
  const doc = document as Json & { paths?: Record<string, Record<string, Json>>; tags?: Json[] };
  const paths: Record<string, Record<string, Json>> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) paths[path] = { ...item };
  for (const route of routes) {
    const item = (paths[openApiPath(route.path)] ??= {});
    if (item[route.method]) throw new Error(`route described twice: ${route.method} ${route.path}`);
    item[route.method] = operation(route);
  }
  const names = new Set([
    ...(doc.tags ?? []).map((t) => String(t['name'])),
    ...routes.flatMap((r) => r.tags),
  ]);
  return {
    ...doc,
    tags: [...names].sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** `METHOD /express/path` of each described route, for drift checks. */
export function describedRoutes(routes: readonly RouteDoc[]): string[] {
  return routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
}
