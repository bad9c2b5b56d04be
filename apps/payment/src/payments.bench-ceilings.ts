// Engine ceilings for bench:payments (not a test): what the engine itself does on the raw
// collection, so a missed target names the stage that holds it (ADR 0016).
import type { Collection } from 'mongodb';
import type { PaymentOrderDoc } from './order/order.model';

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * `_id`-guarded updateOne in unordered bulk commands of 50 (the most the local engine takes per
 * command), one command at a time, on `n` documents; and a find by plain equality on the indexed
 * `dueSlot` with a limit of 1,000 (how the sender finds due orders).
 */
export async function engineCeilings(
  coll: Collection<PaymentOrderDoc>,
  n: number,
): Promise<Record<string, number>> {
  const ids: string[] = [];
  for await (const d of coll.find({}, { projection: { _id: 1 } }).limit(n)) ids.push(d._id);
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 50) {
    await coll.bulkWrite(
      ids.slice(i, i + 50).map((_id) => ({
        updateOne: {
          filter: { _id, status: 'pending' },
          update: { $set: { status: 'sending', updatedAt: new Date() }, $inc: { attempts: 1 } },
        },
      })),
      { ordered: false },
    );
  }
  const ms = performance.now() - t0;
  const figures: Record<string, number> = {
    rawUpdate50Sec: round(ms / 1000, 2),
    rawUpdate50PerSec: round(ids.length / (ms / 1000)),
  };
  const slot = await coll.findOne({ dueSlot: { $exists: true } }, { projection: { dueSlot: 1 } });
  if (slot?.dueSlot !== undefined) {
    const matches = await coll.countDocuments({ dueSlot: slot.dueSlot });
    const t1 = performance.now();
    const reps = 10;
    for (let i = 0; i < reps; i++) await coll.find({ dueSlot: slot.dueSlot }).limit(1000).toArray();
    figures['rawFindSlotMs'] = round((performance.now() - t1) / reps, 1);
    figures['rawFindSlotMatches'] = matches;
  }
  return figures;
}
