import type { KafkaHandle, RegisteredConsumer } from '@jh/platform-kafka';
import { consumersReadiness } from './readiness';

const since = new Date('2026-12-01T02:00:00Z');
const handleWith = (consumers: RegisteredConsumer[]) => ({ consumers }) as unknown as KafkaHandle;
const group = (groupId: string, state: RegisteredConsumer['membership']['state']) => ({
  groupId,
  topics: [`${groupId}.topic`],
  membership: { state, partitions: state === 'joined' ? 3 : 0, since },
});

// Issue 17: /ready says which group is not a member yet, in Chinese, and shows every group.
describe('consumer readiness', () => {
  it('is ready when every group has joined or is rebalancing', () => {
    const report = consumersReadiness(
      handleWith([group('jh-a', 'joined'), group('jh-b', 'rebalancing')]),
    );
    expect(report.ready).toBe(true);
    expect(report.detail).toEqual([
      expect.objectContaining({ group: 'jh-a', state: 'joined', partitions: 3 }),
      expect.objectContaining({ group: 'jh-b', state: 'rebalancing' }),
    ]);
  });

  it('is not ready while a group is joining or after it crashed for good, and names them', () => {
    const report = consumersReadiness(
      handleWith([group('jh-a', 'joined'), group('jh-b', 'joining'), group('jh-c', 'crashed')]),
    );
    expect(report.ready).toBe(false);
    expect(report.reason).toBe('消费组 jh-b 正在加入；消费组 jh-c 已崩溃');
  });

  it('is ready with no consumer at all', () => {
    expect(consumersReadiness(handleWith([])).ready).toBe(true);
  });
});
