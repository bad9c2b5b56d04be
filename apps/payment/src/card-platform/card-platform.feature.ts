import { defineFeature } from '@jh/platform-service';
import { grpcCardPlatform, type CardPlatform } from './adapter';
import { platformStatusModel } from './availability.model';
import { PlatformAvailability } from './availability.service';
import { MongoPlatformStatusStore } from './availability.store';
import { cardPlatformEnv } from './card-platform.env';
import { mountCardPlatformRoutes } from './card-platform.http';
import { paymentGuard } from '../payment.access';

/**
 * The "一键达" card platform adapter, wrapped so every call's outcome is recorded: the
 * availability that allows the fallback to the street (R-PAY-3).
 */
export const cardPlatformFeature = defineFeature({
  name: 'card-platform',
  env: cardPlatformEnv,
  async start({ config, mongo, logger, verifier, onStop, clock }) {
    const model = platformStatusModel(mongo);
    await model.init();
    const availability = new PlatformAvailability(
      new MongoPlatformStatusStore(model),
      config.FALLBACK_AFTER_MINUTES * 60_000,
      logger.child({ component: 'platform-availability' }),
      clock,
    );
    const platform: CardPlatform = availability.track(
      grpcCardPlatform({
        url: config.CARD_PLATFORM_URL,
        token: config.CARD_PLATFORM_TOKEN,
        deadlineMs: config.CARD_PLATFORM_DEADLINE_MS,
      }),
    );
    onStop(async () => platform.close());
    return {
      api: { platform, availability },
      mountHttp: (app) =>
        mountCardPlatformRoutes(app, {
          verifier,
          availability,
          guard: paymentGuard('report', logger),
        }),
    };
  },
});
