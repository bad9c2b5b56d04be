import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';
import { calendarEnv } from './calendar/calendar.feature';
import { caseEnv } from './case/case.env';
import { firstAidEnv } from './first-aid/first-aid.env';
import { oversightEnv } from './oversight/oversight.env';
import { reviewEnv } from './review/review.env';

// No gRPC server: civil affairs is a gRPC client of intake only (README "What runs where").
// Each feature declares its own settings; the schema is their union (config flows downward).
export const civilAffairsEnvSchema = serviceEnvSchema.extend({
  ...calendarEnv,
  ...caseEnv,
  ...oversightEnv,
  ...reviewEnv,
  ...firstAidEnv,
});
export type CivilAffairsConfig = z.infer<typeof civilAffairsEnvSchema>;

export function loadCivilAffairsConfig(env: Env = process.env): CivilAffairsConfig {
  return loadConfig(civilAffairsEnvSchema, env, {
    ...developmentDefaults('civil-affairs', 3002),
    INTAKE_GRPC_URL: '127.0.0.1:50051',
  });
}
