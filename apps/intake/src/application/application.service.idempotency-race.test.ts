import type { Actor } from '@jh/platform-auth';
import { parseBody } from '@jh/platform-http';
import { createApplicationInput } from './application.input';
import type { ApplicationDoc } from './application.model';
import { ApplicationService } from './application.service';
import type { ApplicationStore, StoredApplication } from './application.store';

/** A store whose unique index is won by a concurrent request between the lookup and the insert. */
class RacingStore implements Pick<
  ApplicationStore,
  'insert' | 'findById' | 'findByIdempotencyKey' | 'incrementSequence'
> {
  lookups = 0;
  winner: StoredApplication | undefined;
  inserted: ApplicationDoc[] = [];

  /** The replay check by the key's `_id`: the concurrent winner is not stored yet. */
  async findById(): Promise<StoredApplication | undefined> {
    this.lookups += 1;
    return undefined;
  }

  async findByIdempotencyKey(): Promise<StoredApplication | undefined> {
    this.lookups += 1;
    return this.lookups === 1 ? undefined : this.winner;
  }

  async insert(doc: ApplicationDoc): Promise<'inserted' | 'duplicate_key'> {
    if (this.winner) return 'duplicate_key';
    this.inserted.push(doc);
    return 'inserted';
  }

  async incrementSequence(_name: string, by: number): Promise<number> {
    return by;
  }
}

const clerk: Actor = { userId: 'clerk-1', roles: ['window_clerk'], regionCode: '330106' };
const input = parseBody(createApplicationInput, {
  applicant: { name: '李四', idNumber: '11010519491231002X', regionCode: '330106' },
  items: ['temporary'],
  channel: 'hotline',
  declarationSigned: true,
});

async function raceAgainst(winnerInput: typeof input) {
  const store = new RacingStore();
  const service = new ApplicationService(store as unknown as ApplicationStore);
  // The concurrent winner: the same service logic, stored first.
  const earlier = new ApplicationService({
    findById: async () => undefined,
    findByIdempotencyKey: async () => undefined,
    insert: async () => 'inserted',
    incrementSequence: async (_name: string, by: number) => by,
  } as unknown as ApplicationStore);
  store.winner = (await earlier.create(winnerInput, clerk, 'key-12345678')).application;
  return { store, outcome: () => service.create(input, clerk, 'key-12345678') };
}

describe('idempotent create when a concurrent duplicate wins the unique index (code 11000)', () => {
  it('re-reads by key and returns the winner when the bodies match', async () => {
    const { store, outcome } = await raceAgainst(input);
    const result = await outcome();
    expect(result).toEqual({ application: store.winner, replayed: true });
    expect(store.inserted).toHaveLength(0);
  });

  it('answers IDEMPOTENCY_KEY_REUSED when the winner had another body', async () => {
    const { outcome } = await raceAgainst({ ...input, items: ['medical'] });
    await expect(outcome()).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
