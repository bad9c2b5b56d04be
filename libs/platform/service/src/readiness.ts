import type { KafkaHandle, OutboxRelay } from '@jh/platform-kafka';
import type { ReadinessReport } from '@jh/platform-http';

const stateNames: Record<string, string> = {
  joining: '正在加入',
  joined: '已加入',
  rebalancing: '再均衡中',
  crashed: '已崩溃',
  stopped: '已停止',
};

/**
 * /ready for the service's consumers (issue 17): each group's membership as the broker last told
 * it. Not ready while a group has not joined yet or its consumer crashed for good; a rebalance is
 * a passing state and keeps it ready.
 */
export function consumersReadiness(kafka: KafkaHandle): ReadinessReport {
  const consumers = kafka.consumers ?? [];
  const detail = consumers.map(({ groupId, topics, membership }) => ({
    group: groupId,
    topics,
    state: membership.state,
    memberId: membership.memberId,
    partitions: membership.partitions,
    since: membership.since.toISOString(),
    ...(membership.error ? { error: membership.error } : {}),
  }));
  const waiting = consumers.filter(
    (c) => c.membership.state !== 'joined' && c.membership.state !== 'rebalancing',
  );
  return waiting.length === 0
    ? { ready: true, detail }
    : {
        ready: false,
        reason: waiting
          .map((c) => `消费组 ${c.groupId} ${stateNames[c.membership.state] ?? c.membership.state}`)
          .join('；'),
        detail,
      };
}

/**
 * /ready for the outbox relays: what each holds back and how long its last pass waited, from the
 * relay's memory (no query per probe). A backlog is the alert's business (JhOutboxBacklog), not a
 * reason to take the service out of rotation, so this always answers ready.
 */
export function outboxReadiness(
  relays: { collection: string; relay: OutboxRelay }[],
  now: Date,
): ReadinessReport {
  return {
    ready: true,
    detail: relays.map(({ collection, relay }) => {
      const s = relay.status();
      return {
        collection,
        queued: s.queued,
        lastSentAt: s.lastSentAt?.toISOString(),
        lastLagSeconds: s.lastLagSeconds,
        ...(s.failingSince
          ? {
              failingSeconds: Math.max(0, (now.getTime() - s.failingSince.getTime()) / 1000),
              lastError: s.lastError,
            }
          : {}),
      };
    }),
  };
}
