import { sampleIdNumber } from '@jh/domain-application';
import { issueToken, type Role } from '@jh/platform-auth';
import { mongoUrlFor, testAuth } from '@jh/platform-testing';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Harness } from '../test-harness';

/** A valid 18-digit ID number (GB 11643 check character) from a serial. */
export const validIdNumber = sampleIdNumber;

export const users = {
  clerk: { userId: 'clerk-1', roles: ['window_clerk'] },
  reviewer: { userId: 'rev-1', roles: ['first_reviewer'] },
  reviewerChecker: { userId: 'chk-r', roles: ['first_reviewer', 'auditor'] },
  county: { userId: 'cty-1', roles: ['county_bureau'] },
  county2: { userId: 'cty-2', roles: ['county_bureau'] },
  checkerA: { userId: 'chk-a', roles: ['county_bureau'] },
  checkerB: { userId: 'chk-b', roles: ['auditor'] },
  auditor: { userId: 'aud-1', roles: ['auditor'] },
  officer: { userId: 'off-1', roles: ['department_officer'] },
  coordinator: { userId: 'coord-1', roles: ['coordinator'] },
} satisfies Record<string, { userId: string; roles: Role[] }>;
export type User = keyof typeof users;

/** HTTP client as one of `users`, the acting user always from the token. */
export async function clientFor(h: Harness) {
  const tokens = {} as Record<User, string>;
  for (const [name, user] of Object.entries(users)) {
    tokens[name as User] = await issueToken(testAuth, user);
  }
  const auth = (who: User) => `Bearer ${tokens[who]}`;
  return {
    post: (path: string, who: User, body: object = {}) =>
      request(h.base).post(path).set('authorization', auth(who)).send(body),
    get: (path: string, who: User) => request(h.base).get(path).set('authorization', auth(who)),
  };
}

export interface SeededReview {
  id: string;
  item: string;
  openedAt: Date;
  intake?: string;
}

/**
 * Writes reviews as the review service stores them (the fields a draw reads), so a month's new
 * cases can be laid out precisely; the draw itself only ever reads this collection.
 */
export async function seedReviews(h: Harness, rows: readonly SeededReview[]): Promise<void> {
  const conn = await mongoose.createConnection(mongoUrlFor(`${h.prefix}civil`)).asPromise();
  try {
    await conn.collection<{ _id: string }>('reviews').insertMany(
      rows.map((r) => ({
        _id: r.id,
        caseId: r.id.split(':')[0] ?? r.id,
        applicationId: r.id.split(':')[0] ?? r.id,
        item: r.item,
        applicantName: '王小明',
        regionCode: '330106',
        status: 'accepted',
        actors: { intake: r.intake ?? 'clerk-1', firstReview: null, confirmation: null },
        audit: [],
        openedAt: r.openedAt,
        updatedAt: r.openedAt,
        version: 0,
        outbox: [],
      })),
    );
  } finally {
    await conn.close();
  }
}
