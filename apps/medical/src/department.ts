import type { DepartmentDefinition } from '@jh/department-kit';

export const department: DepartmentDefinition = {
  code: 'medical',
  name: '医疗保障局',
  defaultHttpPort: 3005,
};
