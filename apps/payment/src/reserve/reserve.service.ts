import { fen, formatYuan } from '@jh/domain-money';
import { conflict } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { PaymentOrderDoc } from '../order/order.model';
import type { ReserveEntryDoc } from './reserve.model';
import type { ReserveStore } from './reserve.store';
import type { ScopeKeys } from '@jh/access-guard';

export interface ReserveAccount {
  streetCode: string;
  balanceFen: number;
  thresholdFen: number;
  belowThreshold: boolean;
}

export const firstAidEntryId = (orderId: string) => `first_aid:${orderId}`;

/** Street temporary-assistance reserves (R-PAY-4): an append-only ledger, alarm below the minimum. */
export class ReserveService {
  constructor(
    private readonly store: ReserveStore,
    private readonly thresholdFen: number,
    /** Public so tests can observe the R-PAY-4 alarm. */
    readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * 拨付 into a street's reserve. The 拨付文号 makes it idempotent: the same deposit again returns
   * the booked entry; the same 文号 with another street or amount is refused (modified request).
   */
  async deposit(input: {
    streetCode: string;
    amountFen: number;
    ref: string;
    reason: string;
    by: string;
  }): Promise<{ entry: ReserveEntryDoc; replayed: boolean; account: ReserveAccount }> {
    const entry: ReserveEntryDoc = {
      _id: `deposit:${input.streetCode}:${input.ref}`,
      streetCode: input.streetCode,
      kind: 'deposit',
      amountFen: input.amountFen,
      ref: input.ref,
      reason: input.reason,
      by: input.by,
      at: this.clock(),
    };
    const booked = await this.store.append(entry);
    if (booked === 'booked') {
      return { entry, replayed: false, account: await this.checkAlarm(input.streetCode) };
    }
    const stored = await this.store.findById(entry._id);
    if (!stored || stored.amountFen !== input.amountFen) {
      throw conflict(
        'RESERVE_DEPOSIT_MODIFIED',
        `拨付文号 ${input.ref} 已按其他金额入账，不能重复使用`,
      );
    }
    return { entry: stored, replayed: true, account: await this.account(input.streetCode) };
  }

  /** A first-aid order paid by the street comes out of its reserve; booked at most once. */
  async debitFirstAid(order: PaymentOrderDoc, by: string): Promise<ReserveAccount> {
    const streetCode = order.preallocation?.streetCode ?? order.streetCode;
    await this.store.append({
      _id: firstAidEntryId(order._id),
      streetCode,
      kind: 'first_aid_debit',
      amountFen: -order.amountFen,
      ref: order._id,
      orderId: order._id,
      reason: `先行救助由街道备用金垫付（支付指令 ${order._id}）`,
      by,
      at: this.clock(),
    });
    return this.checkAlarm(streetCode);
  }

  async account(streetCode: string): Promise<ReserveAccount> {
    const balances = await this.store.balances(streetCode);
    return this.accountOf(streetCode, balances.get(streetCode) ?? 0);
  }

  /** Accounts of the streets in the reader's scope (R-OV-2); `undefined` scope reads nothing. */
  async accounts(filter: {
    belowThreshold?: boolean;
    scope: Partial<ScopeKeys> | undefined;
  }): Promise<ReserveAccount[]> {
    if (!filter.scope) return [];
    const all = [...(await this.store.balances(undefined, filter.scope)).entries()]
      .map(([street, balance]) => this.accountOf(street, balance))
      .sort((a, b) => a.streetCode.localeCompare(b.streetCode));
    return filter.belowThreshold ? all.filter((a) => a.belowThreshold) : all;
  }

  entries(streetCode: string, limit = 200): Promise<ReserveEntryDoc[]> {
    return this.store.entries(streetCode, limit);
  }

  private accountOf(streetCode: string, balanceFen: number): ReserveAccount {
    return {
      streetCode,
      balanceFen,
      thresholdFen: this.thresholdFen,
      belowThreshold: balanceFen < this.thresholdFen,
    };
  }

  private async checkAlarm(streetCode: string): Promise<ReserveAccount> {
    const account = await this.account(streetCode);
    if (account.belowThreshold) {
      this.logger.warn(
        {
          rule: 'R-PAY-4',
          streetCode,
          balanceFen: account.balanceFen,
          thresholdFen: account.thresholdFen,
        },
        `街道临时救助备用金余额 ${formatYuan(fen(account.balanceFen))} 低于下限 ${formatYuan(fen(account.thresholdFen))}`,
      );
    }
    return account;
  }
}
