import { checkEmergencyOncePerYear, sameEmergencyDays, type PolicyConfig } from '@jh/domain-policy';
import { conflict } from '@jh/platform-errors';
import { guardIdOf, type EmergencyGuardDoc, type GuardSource } from './emergency-guard.model';
import type { EmergencyGuardStore } from './emergency-guard.store';

/** One aid for an emergency (R-AP-6), by a review approval or a street first aid (R-AP-9). */
export interface EmergencyClaim {
  /** ID numbers of everyone in the household (applicant and members). */
  household: readonly string[];
  /** YYYY-MM-DD the emergency happened (as reported). */
  occurredOn: string;
  source: GuardSource;
  ownerId: string;
  approvalId: string;
  amountFen: number;
}

/** A first aid that a review's approval completes (R-AP-9 → regular approval, ADR 0011). */
export interface FirstAidLink {
  approvalId: string;
  amountFen: number;
}

/** Whether the approval a guard names reached its document (its owner's store answers). */
export type ApprovalRecorded = (ownerId: string, approvalId: string) => Promise<boolean>;

interface Slot {
  idNumber: string;
  /** Blind index of the ID number: guard ids carry this, never the number. */
  memberKey: string;
  day: string;
  guards: EmergencyGuardDoc[];
  /** First free n of `emergency:${memberKey}:${day}#n`. */
  nextN: number;
}

/**
 * R-AP-6 once a year per household and emergency, with deterministic `_id` guards (ADR 0011).
 * Read: point lookups of every (member, day) slot of the emergency window; write: one unique
 * insert per slot, so a concurrent second aid of the same emergency loses on an `_id`.
 */
export class EmergencyClaims {
  private readonly recorded = new Map<GuardSource, ApprovalRecorded>();

  constructor(
    private readonly guards: EmergencyGuardStore,
    private readonly options: { config: PolicyConfig; windowDays: number; staleMs: number },
  ) {}

  /** Each owner (reviews, first aid) tells whether an approval it issued was written. */
  recognise(source: GuardSource, recorded: ApprovalRecorded): void {
    this.recorded.set(source, recorded);
  }

  /**
   * Refuses (EMERGENCY_ALREADY_AIDED) when the household was aided for this emergency within the
   * year; nothing is written. A review's approval is not refused for the household's first aid of
   * the same emergency: it completes it, and the first aid is returned to be linked and summed.
   */
  async check(
    claim: Omit<EmergencyClaim, 'approvalId' | 'amountFen'>,
    now: Date,
  ): Promise<{ slots: Slot[]; firstAids: FirstAidLink[] }> {
    const slots = await this.read(claim.household, claim.occurredOn);
    const byApproval = new Map<string, EmergencyGuardDoc>();
    for (const g of slots.flatMap((s) => s.guards)) {
      if (!byApproval.has(g.approvalId)) byApproval.set(g.approvalId, g);
    }
    const counted: EmergencyGuardDoc[] = [];
    for (const g of byApproval.values()) {
      if (await this.counts(g, now)) counted.push(g);
    }
    const withinYear = (g: EmergencyGuardDoc) => !this.onceAYear([g], now).ok;
    const firstAids =
      claim.source === 'review'
        ? counted.filter((g) => g.source === 'first_aid' && withinYear(g))
        : [];
    const blocking = counted.filter(
      (g) => !firstAids.includes(g) && !(g.source === claim.source && g.ownerId === claim.ownerId),
    );
    const check = this.onceAYear(blocking, now);
    if (!check.ok) throw conflict('EMERGENCY_ALREADY_AIDED', `${check.reason}（${check.ruleId}）`);
    return {
      slots,
      firstAids: firstAids.map((g) => ({ approvalId: g.approvalId, amountFen: g.amountFen })),
    };
  }

  /** Checks, then writes the guards; returns their ids (to release if the approval's write fails). */
  async claim(claim: EmergencyClaim, now: Date): Promise<string[]> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { slots } = await this.check(claim, now);
      const docs = slots.map((s) => ({
        _id: guardIdOf(s.memberKey, s.day, s.nextN),
        idNumber: s.idNumber,
        day: s.day,
        occurredOn: claim.occurredOn,
        source: claim.source,
        ownerId: claim.ownerId,
        approvalId: claim.approvalId,
        amountFen: claim.amountFen,
        approvedAt: now,
        createdAt: now,
      }));
      const inserted = await Promise.all(docs.map((d) => this.guards.insert(d)));
      const ids = docs.map((d) => d._id);
      if (inserted.every(Boolean)) return ids;
      // Lost a slot to a concurrent aid: undo ours and look again (it will usually refuse).
      await this.release(
        ids.filter((_, i) => inserted[i]),
        claim.approvalId,
      );
    }
    throw conflict('EMERGENCY_ALREADY_AIDED', '同一急难事项一年内只能救助一次（R-AP-6）');
  }

  async release(ids: readonly string[], approvalId: string): Promise<void> {
    await Promise.all(ids.map((id) => this.guards.release(id, approvalId)));
  }

  private onceAYear(guards: readonly EmergencyGuardDoc[], now: Date) {
    // Household and event are already the same by construction (shared slots).
    const same = { householdId: 'household', eventKey: 'emergency' };
    return checkEmergencyOncePerYear(
      { ...same, at: now },
      guards.map((g) => ({ ...same, approvedAt: new Date(g.approvedAt) })),
      this.options.config,
    );
  }

  private async read(household: readonly string[], occurredOn: string): Promise<Slot[]> {
    const ids = [...new Set(household.map((n) => n.trim().toUpperCase()).filter((n) => n))];
    const days = sameEmergencyDays(occurredOn, this.options.windowDays);
    const slots: Slot[] = ids.flatMap((idNumber) => {
      const memberKey = this.guards.memberKeyOf(idNumber);
      return days.map((day) => ({ idNumber, memberKey, day, guards: [], nextN: 1 }));
    });
    // Probe #1, #2, … of every slot in rounds until each one misses (usually one or two rounds).
    let open = slots;
    while (open.length > 0) {
      const found = await Promise.all(
        open.map((s) => this.guards.findById(guardIdOf(s.memberKey, s.day, s.nextN))),
      );
      open = open.filter((s, i) => {
        const g = found[i];
        if (!g) return false;
        s.guards.push(g);
        s.nextN += 1;
        return true;
      });
    }
    return slots;
  }

  /**
   * A guard counts when its approval was written, or while that may still happen. A guard left by
   * an approval that crashed before its write stops counting after `staleMs`; it stays in place
   * (deleting it could open a gap in its slot's #n chain that later reads would stop at).
   */
  private async counts(g: EmergencyGuardDoc, now: Date): Promise<boolean> {
    const recorded = this.recorded.get(g.source);
    if (recorded && (await recorded(g.ownerId, g.approvalId))) return true;
    return now.getTime() - new Date(g.createdAt).getTime() < this.options.staleMs;
  }
}
