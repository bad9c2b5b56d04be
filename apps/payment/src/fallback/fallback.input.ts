import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';
import { code } from '../reserve/reserve.input';

/** The street's report that it paid an order it was pre-allocated (凭证号, 支付日期). */
export const streetPaidBody = z.object({ voucherRef: code, paidOn: isoDay }).strict();
