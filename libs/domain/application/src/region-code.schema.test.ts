import { isRegionCode, regionCodeSchema } from './region-code';

describe('region code: one GB/T 2260 rule for every service (R-JH-1)', () => {
  it('R-JH-1: accepts 6-, 9- and 12-digit codes of a real province and county', () => {
    expect(isRegionCode('330106')).toBe(true);
    expect(isRegionCode('330106001')).toBe(true);
    expect(isRegionCode('330106001002')).toBe(true);
  });

  it('R-JH-1: refuses other lengths, unknown provinces and province-only codes', () => {
    for (const bad of [
      '33010',
      '3301060',
      '3301060011',
      '3301060010021',
      '990106',
      '330000',
      '33O106',
      '',
    ])
      expect(isRegionCode(bad)).toBe(false);
  });

  it('R-JH-1: the request field refuses with a stable code and a Chinese reason', () => {
    expect(regionCodeSchema.parse('110101')).toBe('110101');
    const res = regionCodeSchema.safeParse('000000');
    expect(res.success).toBe(false);
    const issue = res.error?.issues[0] as { message: string; params?: { code?: string } };
    expect(issue.params?.code).toBe('REGION_CODE_INVALID');
    expect(issue.message).toBe('行政区划代码无效（应为6位县级代码或9/12位街道、社区代码）');
  });
});
