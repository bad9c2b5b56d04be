import type { DepartmentDefinition } from '@jh/department-kit';

export const department: DepartmentDefinition = {
  code: 'employment',
  name: '人力资源和社会保障局',
  defaultHttpPort: 3006,
};
