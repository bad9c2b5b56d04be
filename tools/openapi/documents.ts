// Every HTTP service's OpenAPI document, built from its route descriptions (no I/O, no engines).
import { withAuditRoutes } from '../../libs/platform/audit/src/openapi';
import { openApiDocument as civilAffairs } from '../../apps/civil-affairs/src/openapi';
import { openApiDocument as education } from '../../apps/education/src/openapi';
import { openApiDocument as employment } from '../../apps/employment/src/openapi';
import { openApiDocument as housing } from '../../apps/housing/src/openapi';
import { openApiDocument as intake } from '../../apps/intake/src/openapi';
import { openApiDocument as medical } from '../../apps/medical/src/openapi';
import { openApiDocument as payment } from '../../apps/payment/src/openapi';

/** Service name (as the gateway routes `/api/<service>/…`) → its document. */
const own: Record<string, () => object> = {
  intake,
  'civil-affairs': civilAffairs,
  education,
  housing,
  medical,
  employment,
  payment,
};

/** As each service serves it: with the audit routes the platform mounts in every service. */
export const documents: Record<string, () => object> = Object.fromEntries(
  Object.entries(own).map(([name, document]) => [name, () => withAuditRoutes(document())]),
);
