import { AccessGuard, type DeniedListener } from '@jh/access-guard';
import { notAllowed, notFound } from '@jh/platform-errors';

/** The same body as an id that does not exist: a grant outside the scope is not revealed. */
export const exemptionNotFound = () => notFound('EXEMPTION_NOT_FOUND', '未找到该免申即享资助记录');

/** Every grant here is education's: a department officer sees it only as an education officer. */
export const exemptionDepartment = 'education';

/**
 * The one access policy (kind `exemption`) for 免申即享 grants: 403 for a wrong role before any
 * lookup, 404 for a household outside the reader's region (or another department's officer),
 * lists by one indexed equality on the stored scope keys (R-OV-2).
 */
export const exemptionGuard = (onDenied?: DeniedListener) =>
  new AccessGuard({
    kind: 'exemption',
    notFound: exemptionNotFound,
    wrongRole: () =>
      notAllowed('ROLE_REQUIRED', '只有部门经办人员和协同办理协调员可以查看免申即享资助名单'),
    onDenied,
  });
