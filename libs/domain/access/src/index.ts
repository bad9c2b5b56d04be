export {
  accessTable,
  departmentBoundRoles,
  resourceKinds,
  rolesFor,
  type AccessOp,
  type AccessRole,
  type ResourceKind,
} from './access-table';
export {
  decide,
  listAccess,
  listScope,
  mayAccess,
  type Decision,
  type ListAccess,
  type ListScope,
  type ResourceRef,
  type Subject,
} from './decide';
export {
  applicationOwnerRoles,
  canHandOver,
  type HandoverCheck,
  type HandoverRefusalCode,
  type HandoverTarget,
} from './handover';
export {
  regionContains,
  regionKeys,
  regionLevel,
  scopeFields,
  scopeKeyOf,
  type RegionKeys,
  type RegionLevel,
  type ScopeField,
} from './region';
