// Which collections each service seals (its `sealed-fields.ts`), for the keys tool.
import type { SealSpec } from '@jh/platform-crypto';
import { sealedCollections as civilAffairs } from '../../apps/civil-affairs/src/sealed-fields';
import { sealedCollections as education } from '../../apps/education/src/sealed-fields';
import { sealedCollections as intake } from '../../apps/intake/src/sealed-fields';
import { sealedCollections as payment } from '../../apps/payment/src/sealed-fields';
import { sealedCollections as departmentKit } from '../../libs/department-kit/src/sealed-fields';

export const sealedByService: Record<string, Record<string, SealSpec>> = {
  intake,
  'civil-affairs': civilAffairs,
  education: { ...education, ...departmentKit },
  housing: departmentKit,
  medical: departmentKit,
  employment: departmentKit,
  payment,
};
