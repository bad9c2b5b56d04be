import { regionContains, regionKeys, regionLevel, scopeKeyOf } from './region';

describe('GB/T 2260 region hierarchy (R-OV-2)', () => {
  it('R-OV-2: tells the level of a 6, 9 or 12 digit code', () => {
    expect(regionLevel('330000')).toBe('province');
    expect(regionLevel('330100')).toBe('city');
    expect(regionLevel('330106')).toBe('county');
    expect(regionLevel('330106001')).toBe('street');
    expect(regionLevel('330106001002')).toBe('community');
    // A city without counties (东莞): its streets hang directly below it.
    expect(regionLevel('441900003')).toBe('street');
  });

  it('R-OV-2: invalid codes have no level', () => {
    for (const bad of [
      undefined,
      '',
      330106,
      '33010',
      '3301060',
      '33010600',
      '3301060010',
      '33010a',
      '000000',
      '000106',
      '330006', // county digits below no city
      '330000001', // street directly below a province
      '330106000', // all-zero street part
      '330106001000', // all-zero community part
      '330106000001', // community below an invalid street
    ]) {
      expect(regionLevel(bad)).toBeUndefined();
    }
  });

  it('R-OV-2: a county contains its streets and communities, a street only itself and its communities', () => {
    expect(regionContains('330100', '330106')).toBe(true);
    expect(regionContains('330100', '330106001')).toBe(true);
    expect(regionContains('330106', '330106001')).toBe(true);
    expect(regionContains('330106', '330106001002')).toBe(true);
    expect(regionContains('330106001', '330106001')).toBe(true);
    expect(regionContains('330106001', '330106001002')).toBe(true);
    expect(regionContains('330000', '330106001')).toBe(true);
    expect(regionContains('330106001', '330106002')).toBe(false);
    expect(regionContains('330106001', '330106')).toBe(false);
    expect(regionContains('330106', '330105001')).toBe(false);
    expect(regionContains('330106', '330100')).toBe(false);
    expect(regionContains('330100', '330200')).toBe(false);
    expect(regionContains('330100', '441900003')).toBe(false);
    expect(regionContains('441900', '441900003')).toBe(true);
    expect(regionContains('330106', 'garbage')).toBe(false);
    expect(regionContains(undefined, '330106')).toBe(false);
  });

  it('R-OV-2: scope keys let one indexed equality select a region', () => {
    expect(regionKeys('330106001')).toEqual({
      city: '330100',
      county: '330106',
      street: '330106001',
    });
    expect(regionKeys('330106001002')).toEqual({
      city: '330100',
      county: '330106',
      street: '330106001',
    });
    expect(regionKeys('330106')).toEqual({ city: '330100', county: '330106' });
    expect(regionKeys('330100')).toEqual({ city: '330100' });
    expect(regionKeys('330000')).toEqual({});
    expect(regionKeys('441900003')).toEqual({ city: '441900', street: '441900003' });
    expect(regionKeys('nope')).toEqual({});
  });

  it('R-OV-2: a subject scope key is the field of its own level; provinces and communities have none', () => {
    expect(scopeKeyOf('330100')).toEqual({ field: 'city', value: '330100' });
    expect(scopeKeyOf('330106')).toEqual({ field: 'county', value: '330106' });
    expect(scopeKeyOf('330106001')).toEqual({ field: 'street', value: '330106001' });
    expect(scopeKeyOf('330000')).toBeUndefined();
    expect(scopeKeyOf('330106001002')).toBeUndefined();
    expect(scopeKeyOf(undefined)).toBeUndefined();
  });
});
