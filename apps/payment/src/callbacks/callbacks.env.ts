import { z } from '@jh/platform-config';

export const callbacksEnv = {
  /** Shared secret the card platform presents on POST /card-platform/callbacks. */
  CARD_PLATFORM_CALLBACK_TOKEN: z.string().min(16, 'must be at least 16 characters'),
};
