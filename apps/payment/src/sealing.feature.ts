import { defineFeature } from '@jh/platform-service';
import { paymentCiphers, type PaymentCiphers } from './sealed-fields';

/**
 * Field encryption of the payment database (issue 14): the cipher of each sealed collection, for
 * the stores of the features after it. Started first, once, so each collection's background pass
 * (sealing documents stored in clear text before) runs once.
 */
export const sealingFeature = defineFeature({
  name: 'sealing',
  env: {},
  async start({ sealCollection }): Promise<{ api: PaymentCiphers }> {
    return { api: await paymentCiphers(sealCollection) };
  },
});
