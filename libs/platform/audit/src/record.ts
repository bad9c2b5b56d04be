import type { mongo } from 'mongoose';

/** The service's own database (mongoose `connection.db`, or a driver `Db`). */
export type AuditDb = mongo.Db;

export interface AuditActor {
  userId: string;
  roles: string[];
  regionCode?: string;
}

/** What a service records; the trail adds chain, seq, time and hashes. */
export interface AuditRecordInput {
  actor: AuditActor;
  /** e.g. 'application.create', 'personal-data.read', 'POST /applications/:id/approve' */
  action: string;
  object: { kind: string; id: string };
  /** Blind indexes of the ID numbers concerned, computed by the caller (never the numbers). */
  personRefs?: string[];
  /** Client IP. */
  source?: string;
  traceId?: string;
  /** Extra facts; no personal data. */
  detail?: Record<string, string>;
}

/** One stored record of `audit_records`. */
export interface AuditRecord {
  _id: string;
  chain: string;
  seq: number;
  at: Date;
  /** host/pid/random of the AuditTrail instance that wrote it. */
  writer: string;
  actor: AuditActor;
  action: string;
  object: { kind: string; id: string };
  personRefs: string[];
  source?: string;
  traceId?: string;
  detail?: Record<string, string>;
  prevHash: string;
  hash: string;
}

/** A signed checkpoint (`kind: 'checkpoint'`) or the signed marker left by a purge (`'pruned'`). */
export interface AuditCheckpoint {
  _id: string;
  kind: 'checkpoint' | 'pruned';
  chain: string;
  seq: number;
  hash: string;
  at: Date;
  keyId: string;
  signature: string;
}

export const RECORDS = 'audit_records';
export const CHECKPOINTS = 'audit_checkpoints';
/** Unsigned hint where a chain's head was last seen; only a starting point for `_id` probes. */
export const HEADS = 'audit_heads';

const SEQ_DIGITS = 12;

export const recordId = (chain: string, seq: number) =>
  `${chain}:${String(seq).padStart(SEQ_DIGITS, '0')}`;
export const checkpointId = recordId;
export const prunedMarkerId = (chain: string) => `${chain}:pruned`;

/** Copies only the known fields, so nothing a caller adds by accident reaches the chain. */
export function normalizeInput(input: AuditRecordInput) {
  const actor: AuditActor = { userId: input.actor.userId, roles: [...input.actor.roles] };
  if (input.actor.regionCode !== undefined) actor.regionCode = input.actor.regionCode;
  return {
    actor,
    action: input.action,
    object: { kind: input.object.kind, id: input.object.id },
    personRefs: [...(input.personRefs ?? [])],
    ...(input.source !== undefined ? { source: input.source } : {}),
    ...(input.traceId !== undefined ? { traceId: input.traceId } : {}),
    ...(input.detail !== undefined ? { detail: { ...input.detail } } : {}),
  };
}

/** The bytes a checkpoint or prune marker signature covers. */
export function checkpointPayload(c: Omit<AuditCheckpoint, '_id' | 'signature'>): Buffer {
  return Buffer.from(
    `jh-audit-v1|${c.kind}|${c.chain}|${c.seq}|${c.hash}|${c.at.toISOString()}|${c.keyId}`,
    'utf8',
  );
}
