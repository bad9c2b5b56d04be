import type { Model } from 'mongoose';
import type { ReserveEntryDoc } from './reserve.model';
import { isDuplicateKey } from '@jh/platform-mongo';
import { scopeKeysOf, type ScopeKeys } from '@jh/access-guard';
import { scopeQuery } from '../payment.access';

export interface ReserveStore {
  /** `duplicate` when an entry with this id is already booked (nothing changes). */
  append(entry: ReserveEntryDoc): Promise<'booked' | 'duplicate'>;
  findById(id: string): Promise<ReserveEntryDoc | undefined>;
  entries(streetCode: string, limit: number): Promise<ReserveEntryDoc[]>;
  /**
   * Balance per street: the sum of its ledger (the ledger is the only source of truth); of one
   * street, or of the streets in `scope` (equalities on the stored scope keys, R-OV-2).
   */
  balances(streetCode?: string, scope?: Partial<ScopeKeys>): Promise<Map<string, number>>;
}

export class MongoReserveStore implements ReserveStore {
  constructor(private readonly model: Model<ReserveEntryDoc>) {}

  async append(entry: ReserveEntryDoc): Promise<'booked' | 'duplicate'> {
    try {
      await this.model.create({ ...entry, scope: entry.scope ?? scopeKeysOf(entry.streetCode) });
      return 'booked';
    } catch (e) {
      if (isDuplicateKey(e)) return 'duplicate';
      throw e;
    }
  }

  async findById(id: string): Promise<ReserveEntryDoc | undefined> {
    return (await this.model.findById(id).lean<ReserveEntryDoc>().exec()) ?? undefined;
  }

  entries(streetCode: string, limit: number): Promise<ReserveEntryDoc[]> {
    return this.model
      .find({ streetCode })
      .sort({ at: -1, _id: 1 })
      .limit(limit)
      .lean<ReserveEntryDoc[]>()
      .exec();
  }

  async balances(streetCode?: string, scope?: Partial<ScopeKeys>): Promise<Map<string, number>> {
    const match = { ...(streetCode ? { streetCode } : {}), ...scopeQuery(scope) };
    // $sum of a field is reliable on FerretDB 1.24 ($sum: 1 is not; counts are not used).
    const rows = await this.model
      .aggregate<{ _id: string; balanceFen: number }>([
        ...(Object.keys(match).length > 0 ? [{ $match: match }] : []),
        { $group: { _id: '$streetCode', balanceFen: { $sum: '$amountFen' } } },
      ])
      .exec();
    return new Map(rows.map((r) => [r._id, r.balanceFen]));
  }
}
