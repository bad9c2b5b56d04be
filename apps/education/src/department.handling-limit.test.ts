import { loadDepartmentConfig } from '@jh/department-kit';
import { department } from './department';

const connection = { NODE_ENV: 'test' };

describe('education department configuration', () => {
  it('R-JH-3: its own handling limit is the default and DEPT_HANDLING_LIMIT_DAYS overrides it', () => {
    expect(loadDepartmentConfig(department, connection).DEPT_HANDLING_LIMIT_DAYS).toBe(5);
    const overridden = loadDepartmentConfig(department, {
      ...connection,
      DEPT_HANDLING_LIMIT_DAYS: '8',
    });
    expect(overridden).toMatchObject({
      DEPT_HANDLING_LIMIT_DAYS: 8,
      SERVICE_NAME: 'education',
      HTTP_PORT: 3003,
    });
    expect(() =>
      loadDepartmentConfig(department, { ...connection, DEPT_HANDLING_LIMIT_DAYS: '0' }),
    ).toThrow(/DEPT_HANDLING_LIMIT_DAYS/);
  });
});
