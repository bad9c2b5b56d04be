import { defaultPolicyConfig, type PolicyConfig } from '@jh/domain-policy';
import { jsonEnv, loadConfig, z, type Env } from '@jh/platform-config';
import type { EnvOf } from '@jh/platform-service';

const semesterStarts = jsonEnv(
  z
    .array(
      z
        .object({
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
          nameZh: z.string().min(1),
        })
        .strict(),
    )
    .min(1),
);

/** 免申即享 settings, spread into the education service's config by the department kit. */
export const exemptionEnv = {
  /**
   * R-EDU-2 semester start dates published by the education bureau, as JSON
   * `[{"date":"2027-02-22","nameZh":"2027年春季学期"}, …]`. Absent (null): the annual default
   * (spring 1 February, autumn 1 September) from @jh/domain-policy.
   */
  EDU_SEMESTER_STARTS_JSON: semesterStarts.nullable().default(null),
};
export type ExemptionConfig = EnvOf<typeof exemptionEnv>;

/** The education-aid policy with the deployment's semester calendar. */
export function exemptionPolicyOf(config: ExemptionConfig): PolicyConfig {
  if (!config.EDU_SEMESTER_STARTS_JSON) return defaultPolicyConfig;
  return {
    ...defaultPolicyConfig,
    education: {
      ...defaultPolicyConfig.education,
      semesterCalendar: { kind: 'dated', starts: config.EDU_SEMESTER_STARTS_JSON },
    },
  };
}

/** Reads the policy from the environment alone; fails fast on a bad calendar. */
export function loadExemptionPolicy(env: Env = process.env): PolicyConfig {
  return exemptionPolicyOf(loadConfig(z.object(exemptionEnv), env));
}
