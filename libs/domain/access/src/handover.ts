import { rolesFor } from './access-table';
import { listScope, type Subject } from './decide';
import { regionContains, regionKeys, scopeKeyOf } from './region';

/** Roles that may own (首问负责) an application: those that may write one (R-JH-5). */
export const applicationOwnerRoles = rolesFor('application', 'write');

/** The proposed new owner, as the identity provider knows him. */
export interface HandoverTarget {
  roles: readonly string[];
  regionCode?: string;
}

export type HandoverRefusalCode =
  'TARGET_ROLE_NOT_ALLOWED' | 'TARGET_REGION_OUT_OF_SCOPE' | 'TARGET_CANNOT_SEE_RECORD';

export type HandoverCheck = { ok: true } | { ok: false; code: HandoverRefusalCode; reason: string };

const refuse = (code: HandoverRefusalCode, reason: string): HandoverCheck => ({
  ok: false,
  code,
  reason,
});

/**
 * 首问负责 (R-JH-5): whether `from` may hand a record over to `to`. The target must hold a role
 * that may own applications and work inside `from`'s own region (street staff: the same street,
 * county staff: the county, city staff: the city); when `record` is given, the target's own scope
 * must also contain it, so the new owner can see what he now owns.
 */
export function canHandOver(
  from: Subject,
  to: HandoverTarget,
  record?: { regionCode?: string },
): HandoverCheck {
  if (!applicationOwnerRoles.some((role) => to.roles.includes(role))) {
    return refuse(
      'TARGET_ROLE_NOT_ALLOWED',
      '移交对象没有受理申请的角色（窗口受理、初审或协调人员）',
    );
  }
  const own = scopeKeyOf(from.regionCode);
  if (!own || !regionContains(own.value, to.regionCode)) {
    return refuse(
      'TARGET_REGION_OUT_OF_SCOPE',
      '移交对象不在您所辖地区内，只能移交给本辖区的工作人员',
    );
  }
  if (record) {
    const scope = listScope({ userId: '', roles: [], regionCode: to.regionCode });
    const sees = 'field' in scope && regionKeys(record.regionCode)[scope.field] === scope.value;
    if (!sees) {
      return refuse('TARGET_CANNOT_SEE_RECORD', '该申请不在移交对象的辖区内，移交后对方无法办理');
    }
  }
  return { ok: true };
}
