import { defineFeature } from '@jh/platform-service';
import type { ApplicationStore } from '../application/application.store';
import { startProgressConsumer } from './progress.consumer';
import { progressEnv } from './progress.env';
import { progressEventTypes } from './progress.events';
import { ProgressService } from './progress.service';

/** Where the application is (R-JH-1, R-JH-5): follows the case from the other services' events. */
export const progressFeature = defineFeature({
  name: 'progress',
  env: progressEnv,
  topics: { consumes: progressEventTypes },
  async start({ config, kafka, logger, onStop, clock }, deps: { applications: ApplicationStore }) {
    const names = config.DEPARTMENT_NAMES_JSON;
    const progress = new ProgressService(deps.applications, (code) => names[code] ?? code, clock);
    const consumer = await startProgressConsumer(kafka, logger, progress);
    onStop(() => consumer.stop());
    return { api: progress };
  },
});
