import type { Model } from 'mongoose';
import type { ReserveEntryDoc } from './reserve.model';
import { isDuplicateKey } from '@jh/platform-mongo';

export interface ReserveStore {
  /** `duplicate` when an entry with this id is already booked (nothing changes). */
  append(entry: ReserveEntryDoc): Promise<'booked' | 'duplicate'>;
  findById(id: string): Promise<ReserveEntryDoc | undefined>;
  entries(streetCode: string, limit: number): Promise<ReserveEntryDoc[]>;
  /** Balance per street: the sum of its ledger (the ledger is the only source of truth). */
  balances(streetCode?: string): Promise<Map<string, number>>;
}

export class MongoReserveStore implements ReserveStore {
  constructor(private readonly model: Model<ReserveEntryDoc>) {}

  async append(entry: ReserveEntryDoc): Promise<'booked' | 'duplicate'> {
    try {
      await this.model.create(entry);
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

  async balances(streetCode?: string): Promise<Map<string, number>> {
    // $sum of a field is reliable on FerretDB 1.24 ($sum: 1 is not; counts are not used).
    const rows = await this.model
      .aggregate<{ _id: string; balanceFen: number }>([
        ...(streetCode ? [{ $match: { streetCode } }] : []),
        { $group: { _id: '$streetCode', balanceFen: { $sum: '$amountFen' } } },
      ])
      .exec();
    return new Map(rows.map((r) => [r._id, r.balanceFen]));
  }
}
