import express, { type Express, type Request, type Response } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface OpenApiMountOptions {
  /** Serves the browsable docs at /docs (development only: off when NODE_ENV is production). */
  docs?: boolean;
}

/** The docs page: swagger-ui from the installed package (no CDN), reading ../openapi.json. */
const docsPage = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>接口文档</title>
    <link rel="stylesheet" href="swagger-ui.css" />
    <link rel="icon" type="image/png" href="favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="swagger-ui-bundle.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

// Relative to /docs/, so it also works behind the gateway's /api/<service>/ prefix.
const initScript = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

function swaggerUiDir(): string {
  const require = createRequire(__filename);
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * GET /openapi.json (no auth, no data: the description of the routes only) and, when asked,
 * GET /docs/ with swagger-ui. The document is built once, on the first request.
 */
export function mountOpenApi(
  app: Express,
  document: () => object,
  options: OpenApiMountOptions = {},
): void {
  let built: string | undefined;
  app.get('/openapi.json', (_req: Request, res: Response) => {
    built ??= JSON.stringify(document());
    res.type('application/json').send(built);
  });
  if (!options.docs) return;
  app.get('/docs', (req: Request, res: Response, next) => {
    // Without the slash, the relative asset URLs would resolve one level up.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(301, 'docs/');
      return;
    }
    next();
  });
  app.get('/docs/', (_req: Request, res: Response) => {
    res.type('html').send(docsPage);
  });
  app.get('/docs/init.js', (_req: Request, res: Response) => {
    res.type('application/javascript').send(initScript);
  });
  app.use('/docs', express.static(swaggerUiDir(), { index: false, fallthrough: true }));
}
