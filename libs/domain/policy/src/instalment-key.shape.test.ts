import {
  instalmentKey,
  isInstalmentKey,
  monthlyInstalmentKey,
  orderKeyOfPlatformKey,
  resentPlatformKey,
} from './instalment-key';

const approvalId = '5b0e7c1e-6a57-4c1e-9f43-2f7d0c1f8a11';

describe('instalment key (R-PAY-1: one instalment, one payment order)', () => {
  it('R-PAY-1: instalment n of an approval is keyed approvalId:n, byte for byte as existing orders', () => {
    expect(instalmentKey(approvalId, 1)).toBe(`${approvalId}:1`);
    expect(instalmentKey('a', 12)).toBe('a:12');
  });

  it('R-PAY-1: the monthly batch keys a month as approvalId:yyyymm', () => {
    expect(monthlyInstalmentKey('a', 202612)).toBe('a:202612');
  });

  it('R-PAY-1: a key is valid only for its own approval and a whole instalment number from 1', () => {
    expect(isInstalmentKey('a:1', 'a', 1)).toBe(true);
    expect(isInstalmentKey('a:2', 'a', 1)).toBe(false);
    expect(isInstalmentKey('b:1', 'a', 1)).toBe(false);
    expect(isInstalmentKey('a:0', 'a', 0)).toBe(false);
    expect(isInstalmentKey('a:1.5', 'a', 1.5)).toBe(false);
  });

  it('R-PAY-1: a staff re-send moves the platform key to key#n and back to the order key', () => {
    expect(resentPlatformKey('a:1', 2)).toBe('a:1#2');
    expect(orderKeyOfPlatformKey('a:1#2')).toBe('a:1');
    expect(orderKeyOfPlatformKey('a:202612')).toBe('a:202612');
  });
});
