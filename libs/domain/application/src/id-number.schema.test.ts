import { idNumberSchema } from './id-number.schema';

describe('idNumberSchema: the request field every service validates ID numbers with', () => {
  it('normalises a valid number', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('refuses an invalid number with a stable code and a Chinese reason', () => {
    const res = idNumberSchema.safeParse('110105194912310021');
    expect(res.success).toBe(false);
    const issue = res.error?.issues[0] as { message: string; params?: { code?: string } };
    expect(issue.params?.code).toBe('ID_NUMBER_CHECKSUM');
    expect(issue.message).toMatch(/校验/);
  });
});
