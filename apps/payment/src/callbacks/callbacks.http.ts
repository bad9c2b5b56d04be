import type { Express } from 'express';
import { handle, parseBody } from '@jh/platform-http';
import type { CallbackService } from './callback.service';
import { callbackBody, callbackStatus } from './callbacks.input';

/** The platform calls this; a shared token, not a user JWT. Duplicates/stale ones change nothing. */
export function mountCallbackRoutes(app: Express, callbacks: CallbackService): void {
  app.post(
    '/card-platform/callbacks',
    handle(async (req, res) => {
      const header = req.header('authorization');
      callbacks.authenticate(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
      const body = parseBody(callbackBody, req.body);
      const result = await callbacks.receive({
        idempotencyKey: body.idempotencyKey,
        status: callbackStatus[body.status],
        platformRef: body.platformRef,
        amountFen: body.amountFen,
        decline: body.declineReason,
      });
      res.json(result);
    }),
  );
}
