import type { DepartmentDefinition } from '@jh/department-kit';

export const department: DepartmentDefinition = {
  code: 'housing',
  name: '住房和城乡建设局',
  defaultHttpPort: 3004,
};
