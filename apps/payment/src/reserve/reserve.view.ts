import { fen, formatYuan } from '@jh/domain-money';
import type { ReserveEntryDoc } from './reserve.model';
import type { ReserveAccount } from './reserve.service';

export const accountView = (a: ReserveAccount) => ({
  ...a,
  balanceText: formatYuan(fen(a.balanceFen)),
  thresholdText: formatYuan(fen(a.thresholdFen)),
});

export const entryView = (e: ReserveEntryDoc) => ({
  ...e,
  id: e._id,
  _id: undefined,
  scope: undefined,
  amountText: formatYuan(fen(e.amountFen)),
  at: e.at.toISOString(),
});
