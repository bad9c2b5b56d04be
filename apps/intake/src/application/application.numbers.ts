import { createHash } from 'node:crypto';

/**
 * Application numbers come from a yearly sequence, taken a block at a time (hi/lo): one counter
 * increment per `blockSize` applications instead of one hot document written on every request
 * (issue 12). Numbers stay unique; a restart leaves the rest of its block unused (a gap).
 */
export class NumberBlocks {
  private readonly blocks = new Map<string, { next: number; end: number }>();
  private refill: Promise<unknown> = Promise.resolve();

  constructor(
    /** Adds `by` to the named counter atomically and answers its new value. */
    private readonly increment: (name: string, by: number) => Promise<number>,
    private readonly blockSize: number,
  ) {}

  async next(name: string): Promise<number> {
    for (;;) {
      const block = this.blocks.get(name);
      if (block && block.next <= block.end) return block.next++;
      // One refill at a time: concurrent callers wait for it instead of each taking a block.
      const wait = this.refill.then(async () => {
        const current = this.blocks.get(name);
        if (current && current.next <= current.end) return;
        const end = await this.increment(name, this.blockSize);
        this.blocks.set(name, { next: end - this.blockSize + 1, end });
      });
      this.refill = wait.catch(() => undefined);
      await wait;
    }
  }
}

const namespace = Buffer.from('6f1b3c2e9a4d4f0b8e7a5c1d2b3e4f50', 'hex');

/**
 * The application `_id` for an idempotency key (a name-based UUID, RFC 4122 version 5): a replay is
 * an `_id` point lookup and two concurrent requests meet on the unique `_id` (issue 12).
 */
export function applicationIdForKey(key: string): string {
  const hash = createHash('sha1').update(namespace).update(key, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
