import { applicationIdForKey, NumberBlocks } from './application.numbers';

// Issue 12: no single hot document written on every request; replays are `_id` point lookups.
describe('application numbers taken a block at a time', () => {
  it('hands out consecutive numbers and increments the counter once per block', async () => {
    const counters = new Map<string, number>();
    const increments: [string, number][] = [];
    const increment = async (name: string, by: number) => {
      increments.push([name, by]);
      counters.set(name, (counters.get(name) ?? 0) + by);
      return counters.get(name) ?? 0;
    };
    const blocks = new NumberBlocks(increment, 5);
    const got = await Promise.all(
      Array.from({ length: 12 }, () => blocks.next('application-2026')),
    );
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(increments).toEqual([
      ['application-2026', 5],
      ['application-2026', 5],
      ['application-2026', 5],
    ]);
    // A second process (another instance, or after a restart) starts after the blocks taken.
    const other = new NumberBlocks(increment, 5);
    expect(await other.next('application-2026')).toBe(16);
    expect(await blocks.next('application-2027')).toBe(1);
  });

  it('lets the next caller retry when taking a block failed', async () => {
    let fail = true;
    const blocks = new NumberBlocks(async (_n, by) => {
      if (fail) throw new Error('engine unavailable');
      return by;
    }, 3);
    await expect(blocks.next('s')).rejects.toThrow('engine unavailable');
    fail = false;
    expect(await blocks.next('s')).toBe(1);
  });
});

describe('application id of an idempotency key', () => {
  it('is a stable version-5 UUID, different per key', () => {
    const a = applicationIdForKey('key:clerk-1:abc');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(applicationIdForKey('key:clerk-1:abc')).toBe(a);
    expect(applicationIdForKey('key:clerk-2:abc')).not.toBe(a);
  });
});
