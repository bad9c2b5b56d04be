import type { Connection } from 'mongoose';
import type { WorkingDayCalendar } from '@jh/domain-calendar';
import { fen } from '@jh/domain-money';
import { createPolicyContext, defaultPolicyConfig } from '@jh/domain-policy';
import type { ServiceContext } from '@jh/platform-service';
import type { CivilAffairsConfig } from '../env';
import { EmergencyClaims } from './emergency-claims';
import { emergencyGuardModel, MongoEmergencyGuardStore } from './emergency-guard';
import { firstAidModel } from './first-aid.model';
import { FirstAidService, type HouseholdOfCase } from './first-aid.service';
import { MongoFirstAidStore } from './first-aid.store';
import type { ReviewServiceOptions } from './review.service';

/** ReviewService options from configuration, with the R-AP-6 guard collection ready. */
export async function reviewServiceOptions(
  mongo: Connection,
  config: CivilAffairsConfig,
): Promise<ReviewServiceOptions & { emergencyClaims: EmergencyClaims }> {
  const Guard = emergencyGuardModel(mongo);
  await Guard.init();
  return {
    // Shared with first aid (startFirstAid), so both see each other's aid (ADR 0011).
    emergencyClaims: new EmergencyClaims(new MongoEmergencyGuardStore(Guard), {
      config: defaultPolicyConfig,
      windowDays: config.EMERGENCY_EVENT_WINDOW_DAYS,
      staleMs: config.EMERGENCY_GUARD_STALE_MS,
    }),
    fastAidCapFen: config.TEMPORARY_FAST_AID_CAP_FEN,
    fastAidPaperworkWorkingDays: config.TEMPORARY_FAST_AID_PAPERWORK_WORKING_DAYS,
  };
}

/** R-AP-9 first aid: own collection and own outbox relay (ADR 0007 addendum). */
export async function startFirstAid(deps: {
  mongo: Connection;
  config: CivilAffairsConfig;
  calendar: WorkingDayCalendar;
  clock: () => Date;
  relayOutbox: ServiceContext['relayOutbox'];
  /** The reviews' R-AP-6 guards: one household, one emergency, one aid (ADR 0011). */
  emergencyClaims: EmergencyClaims;
  /** The case's household, so first aid for one member guards them all (R-AP-6, ADR 0011). */
  householdOfCase: HouseholdOfCase;
}): Promise<FirstAidService> {
  const FirstAid = firstAidModel(deps.mongo);
  await FirstAid.init();
  const policy = createPolicyContext({
    calendar: deps.calendar,
    config: {
      ...defaultPolicyConfig,
      firstAid: { ...defaultPolicyConfig.firstAid, capFen: fen(deps.config.FIRST_AID_CAP_FEN) },
    },
  });
  deps.relayOutbox(FirstAid);
  return new FirstAidService(
    new MongoFirstAidStore(FirstAid),
    policy,
    deps.clock,
    deps.emergencyClaims,
    deps.householdOfCase,
  );
}
