import type { PolicyContext } from '@jh/domain-policy';
import type { Logger } from '@jh/platform-logger';
import { backfillOnce } from '@jh/platform-mongo';
import type { Connection } from 'mongoose';
import type { ReviewDoc } from './review.model';
import { queueFieldsOf } from './review.queue';

/** Once per database: queue keys for reviews written before GET /reviews existed. */
export async function backfillQueueFields(
  db: Connection,
  policy: PolicyContext,
  logger: Logger,
): Promise<void> {
  const migrated = await backfillOnce<ReviewDoc>({
    collection: db.collection<ReviewDoc>('reviews'),
    markers: db.collection('civil_affairs_migrations'),
    marker: 'reviews:queue',
    field: 'stage',
    // Sealed sub-documents stay sealed here: the stage only asks whether they exist.
    projection: {
      status: 1,
      item: 1,
      temporaryKind: 1,
      economicCheck: 1,
      homeVisit: 1,
      selfCare: 1,
      democraticReview: 1,
      relatives: 1,
      relativesReview: 1,
      paperwork: 1,
      routedTo: 1,
      clock: 1,
    },
    set: (doc) => ({ ...queueFieldsOf(policy, doc) }),
  });
  if (migrated > 0) logger.info({ migrated }, 'queue keys added to older reviews');
}
