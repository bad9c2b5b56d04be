import { FailureThrottle, sourceKey } from './failure-throttle';

function fakeClock(start = 1_700_000_000_000) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => (clock.t += ms) };
  return clock;
}

const fail = (throttle: FailureThrottle, source: string, times: number) => {
  for (let i = 0; i < times; i += 1) throttle.recordFailure(source);
};

describe('FailureThrottle', () => {
  it('blocks a source at the threshold within the window, with the seconds left', () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({
      maxFailures: 5,
      windowMs: 60_000,
      blockMs: 30_000,
      clock,
    });
    fail(throttle, '203.0.113.7', 4);
    expect(throttle.blocked('203.0.113.7')).toBeUndefined();
    expect(throttle.recordFailure('203.0.113.7')).toBe(true);
    expect(throttle.blocked('203.0.113.7')).toBe(30);
    clock.advance(10_500);
    expect(throttle.blocked('203.0.113.7')).toBe(20); // 19.5 s left, rounded up
    clock.advance(19_000);
    expect(throttle.blocked('203.0.113.7')).toBe(1);
    expect(throttle.blocked('198.51.100.9')).toBeUndefined();
  });

  it('forgets failures older than the window', () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({ maxFailures: 5, windowMs: 60_000, clock });
    fail(throttle, '203.0.113.7', 4);
    clock.advance(60_000);
    fail(throttle, '203.0.113.7', 4);
    expect(throttle.blocked('203.0.113.7')).toBeUndefined();
    throttle.recordFailure('203.0.113.7');
    expect(throttle.blocked('203.0.113.7')).toBe(60);
  });

  it('serves the source again when the block expires, and counts afresh', () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({ maxFailures: 3, blockMs: 60_000, clock });
    fail(throttle, '203.0.113.7', 3);
    expect(throttle.blocked('203.0.113.7')).toBe(60);
    // A failure finishing after the block began (in flight before it) does not lengthen it.
    expect(throttle.recordFailure('203.0.113.7')).toBe(false);
    clock.advance(60_000);
    expect(throttle.blocked('203.0.113.7')).toBeUndefined();
    fail(throttle, '203.0.113.7', 2);
    expect(throttle.blocked('203.0.113.7')).toBeUndefined();
    throttle.recordFailure('203.0.113.7');
    expect(throttle.blocked('203.0.113.7')).toBe(60);
  });

  it('stays bounded under a flood of distinct sources, evicting the least recently seen', () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({ maxFailures: 3, maxSources: 1_000, clock });
    fail(throttle, '203.0.113.7', 3);
    let largest = 0;
    let stillBlocked = true;
    for (let i = 0; i < 100_000; i += 1) {
      throttle.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      // The blocked source keeps knocking, so it stays among the recently seen.
      if (i % 500 === 0) stillBlocked &&= throttle.blocked('203.0.113.7') !== undefined;
      largest = Math.max(largest, throttle.size);
    }
    expect(stillBlocked).toBe(true);
    expect(largest).toBe(1_000);
    // Evicted a sixteenth at a time.
    expect(throttle.size).toBeGreaterThan(1_000 - 1_000 / 16 - 1);
    expect(throttle.blocked('203.0.113.7')).toBe(60);
    // The first flooders were evicted: their earlier failures no longer count.
    fail(throttle, '10.0.0.0', 2);
    expect(throttle.blocked('10.0.0.0')).toBeUndefined();
  });

  it('drops stale sources as it goes, without a timer', () => {
    const clock = fakeClock();
    const throttle = new FailureThrottle({ windowMs: 60_000, clock });
    for (let i = 0; i < 100; i += 1) throttle.recordFailure(`10.0.0.${i}`);
    expect(throttle.size).toBe(100);
    clock.advance(60_000);
    // A sweep runs every 256 failures: the 100 stale sources go, the 200 fresh ones stay.
    for (let i = 0; i < 200; i += 1) throttle.recordFailure(`10.0.1.${i}`);
    expect(throttle.size).toBe(200);
    clock.advance(60_000);
    throttle.prune();
    expect(throttle.size).toBe(0);
  });

  it('refuses settings that would never or always block', () => {
    expect(() => new FailureThrottle({ maxFailures: 0 })).toThrow('maxFailures');
    expect(() => new FailureThrottle({ blockMs: -1 })).toThrow('blockMs');
    expect(() => new FailureThrottle({ maxSources: 1.5 })).toThrow('maxSources');
  });
});

describe('sourceKey', () => {
  it('keys IPv4 by address (also IPv4-mapped) and IPv6 by its /64', () => {
    expect(sourceKey('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKey('64:ff9b::198.51.100.9')).toBe('64:ff9b:0:0::/64');
  });

  it('throttles a whole IPv6 /64 as one source', () => {
    const throttle = new FailureThrottle({ maxFailures: 2, clock: fakeClock() });
    throttle.recordFailure('2001:db8:1:2::1');
    throttle.recordFailure('2001:db8:1:2::ffff');
    expect(throttle.blocked('2001:db8:1:2:abcd::9')).toBe(60);
    expect(throttle.blocked('2001:db8:1:3::1')).toBeUndefined();
  });
});
