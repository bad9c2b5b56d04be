import { migrateScope } from '../access';
import { sealedCollections } from '../sealed-fields';
import { Topics } from '@jh/contracts';
import type { WorkingDayCalendar } from '@jh/domain-calendar';
import { fen } from '@jh/domain-money';
import { createPolicyContext, defaultPolicyConfig } from '@jh/domain-policy';
import { defineFeature } from '@jh/platform-service';
import type { EmergencyClaims } from '../review/emergency-claims';
import { firstAidEnv } from './first-aid.env';
import { mountFirstAidRoutes } from './first-aid.http';
import { firstAidModels } from './first-aid.model';
import { FirstAidService, type HouseholdOfCase } from './first-aid.service';
import { MongoFirstAidStore } from './first-aid.store';

/** R-AP-9 street emergency first aid (ADR 0007 addendum): own collection, own outbox relay. */
export const firstAidFeature = defineFeature({
  name: 'first-aid',
  env: firstAidEnv,
  topics: { publishes: [Topics.assistanceApproved] },
  async start(
    { config, mongo, verifier, relayOutbox, clock, logger, sealCollection, vault },
    deps: {
      calendar: WorkingDayCalendar;
      /** The reviews' R-AP-6 guards: one household, one emergency, one aid (ADR 0011). */
      emergencyClaims: EmergencyClaims;
      /** The case's household, so first aid for one member guards them all (R-AP-6, ADR 0011). */
      householdOfCase: HouseholdOfCase;
    },
  ) {
    const { FirstAid } = firstAidModels(mongo);
    await FirstAid.init();
    await migrateScope(mongo, 'first_aid', 'recipient.regionCode', logger);
    const policy = createPolicyContext({
      calendar: deps.calendar,
      config: {
        ...defaultPolicyConfig,
        firstAid: { ...defaultPolicyConfig.firstAid, capFen: fen(config.FIRST_AID_CAP_FEN) },
      },
    });
    relayOutbox(FirstAid);
    const firstAid = new FirstAidService(
      new MongoFirstAidStore(
        { FirstAid },
        await sealCollection('first_aid', sealedCollections.first_aid),
      ),
      policy,
      clock,
      deps.emergencyClaims,
      deps.householdOfCase,
      (text) => vault.keyedDigest('first-aid-request', text),
    );
    return {
      api: firstAid,
      mountHttp: (app) => mountFirstAidRoutes(app, { verifier, firstAid, logger }),
    };
  },
});
