import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { requestErrorOf } from './request-errors';

// Found by the HTTP fuzz (tools/fuzz): `/parts/%FF%FE` made the router throw a URIError marked
// 400 before any handler ran, and the error mapper, which knew only body-parser's errors, answered
// 500 and logged it as an unhandled error, in every service.

/** The error the real router raises for a request, caught where the platform's mapper sits. */
async function routerErrorFor(path: string): Promise<unknown> {
  let caught: unknown;
  const app = express();
  app.get('/parts/:id', (_req, res) => {
    res.json({ ok: true });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    caught = err;
    res.status(599).end();
  });
  await request(app).get(path);
  return caught;
}

describe('requestErrorOf: what the framework refused before a handler ran', () => {
  it('maps a path parameter the router cannot decode to 400 MALFORMED_PATH, not a 500', async () => {
    const err = await routerErrorFor('/parts/%FF%FE');
    expect(err).toBeInstanceOf(URIError);
    const mapped = requestErrorOf(err);
    expect(mapped).toMatchObject({ kind: 'invalid_input', code: 'MALFORMED_PATH' });
    expect(mapped?.details[0]).toMatchObject({ path: '(path)', code: 'MALFORMED_PATH' });
  });

  it('leaves a well-encoded path alone (no error reaches the mapper)', async () => {
    expect(await routerErrorFor('/parts/%E4%B8%AD%E6%96%87')).toBeUndefined();
  });

  it('maps body-parser refusals by their type', () => {
    const typed = (type: string) => Object.assign(new Error(type), { type });
    expect(requestErrorOf(typed('entity.too.large'))?.code).toBe('BODY_TOO_LARGE');
    expect(requestErrorOf(typed('entity.parse.failed'))?.code).toBe('MALFORMED_JSON');
    expect(requestErrorOf(typed('charset.unsupported'))?.code).toBe('UNSUPPORTED_ENCODING');
    expect(requestErrorOf(typed('encoding.unsupported'))?.code).toBe('UNSUPPORTED_ENCODING');
  });

  it('answers undefined for our own bugs, so they stay a logged 500', () => {
    expect(requestErrorOf(new Error('secret internals'))).toBeUndefined();
    expect(requestErrorOf(new URIError('URI malformed'))).toBeUndefined();
    expect(requestErrorOf('not an error')).toBeUndefined();
  });
});
