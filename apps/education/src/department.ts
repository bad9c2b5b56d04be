import type { DepartmentDefinition } from '@jh/department-kit';

export const department: DepartmentDefinition = {
  code: 'education',
  name: '教育局',
  defaultHttpPort: 3003,
};
