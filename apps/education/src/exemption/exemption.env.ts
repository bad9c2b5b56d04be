import { defaultPolicyConfig, type PolicyConfig } from '@jh/domain-policy';
import { jsonEnv, loadConfig, z, type Env } from '@jh/platform-config';

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

export const exemptionEnvSchema = z.object({
  /**
   * R-EDU-2 semester start dates published by the education bureau, as JSON
   * `[{"date":"2027-02-22","nameZh":"2027年春季学期"}, …]`. Absent: the annual default
   * (spring 1 February, autumn 1 September) from @jh/domain-policy.
   */
  EDU_SEMESTER_STARTS_JSON: semesterStarts.optional(),
});

/** The education-aid policy with the deployment's semester calendar; fails fast on bad config. */
export function loadExemptionPolicy(env: Env = process.env): PolicyConfig {
  const config = loadConfig(exemptionEnvSchema, env);
  if (!config.EDU_SEMESTER_STARTS_JSON) return defaultPolicyConfig;
  return {
    ...defaultPolicyConfig,
    education: {
      ...defaultPolicyConfig.education,
      semesterCalendar: { kind: 'dated', starts: config.EDU_SEMESTER_STARTS_JSON },
    },
  };
}
