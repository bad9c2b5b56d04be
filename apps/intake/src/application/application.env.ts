import { z } from '@jh/platform-config';

export const applicationEnv = {
  /** Application numbers taken from the yearly counter per increment (hi/lo); 1 = no gaps on restart. */
  APPLICATION_NUMBER_BLOCK: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * Keycloak realm admin API (`…/admin/realms/<realm>`) where hand-over targets are looked up
   * (R-JH-5) with intake's client credentials; unset = every hand-over refused.
   */
  USER_DIRECTORY_URL: z.string().url().optional(),
  /** How long the hand-over list's directory answer per region is kept (R-JH-5); 0 = not kept. */
  HANDOVER_TARGETS_CACHE_S: z.coerce.number().int().min(0).max(3600).default(60),
};
