import type { FilterQuery } from 'mongoose';
import type { DocumentCipher } from '@jh/platform-crypto';
import { scopeQuery } from '../payment.access';
import type { PaymentOrderDoc } from './order.model';
import type { OrderFilter } from './order.store.types';

/**
 * The staff worklist's filter as a query: indexed equalities (status, street, scope, the ID
 * number's blind index) and a due range last (ADR 0022).
 */
export function orderQueryOf(
  filter: OrderFilter,
  cipher: DocumentCipher,
): FilterQuery<PaymentOrderDoc> {
  const query: FilterQuery<PaymentOrderDoc> = {};
  if (filter.status) query.status = filter.status;
  if (filter.approvalId) query.approvalId = filter.approvalId;
  if (filter.streetCode) query.streetCode = filter.streetCode;
  if (filter.item) query.item = filter.item;
  if (filter.dueFrom || filter.dueTo) {
    query.dueAt = {
      ...(filter.dueFrom ? { $gte: filter.dueFrom } : {}),
      ...(filter.dueTo ? { $lt: filter.dueTo } : {}),
    };
  }
  if (filter.idNumber) {
    query['recipient.idNumberBidx'] = cipher.blind('id-number', filter.idNumber);
  }
  Object.assign(query, scopeQuery(filter.scope));
  return query;
}
