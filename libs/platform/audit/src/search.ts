import type { mongo } from 'mongoose';
import type { AuditRecord } from './record';

/** What auditors search by; every equality field is indexed, the time range is applied after. */
export interface AuditSearch {
  /** Blind index of an ID number. */
  personRef?: string;
  objectKind?: string;
  objectId?: string;
  userId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditPage {
  items: AuditRecord[];
  total: number;
}

export const MAX_PAGE_SIZE = 200;

export function searchFilter(chain: string, q: AuditSearch): mongo.Filter<AuditRecord> {
  const filter: mongo.Filter<AuditRecord> = { chain };
  if (q.personRef !== undefined) filter.personRefs = q.personRef;
  if (q.objectKind !== undefined) filter['object.kind'] = q.objectKind;
  if (q.objectId !== undefined) filter['object.id'] = q.objectId;
  if (q.userId !== undefined) filter['actor.userId'] = q.userId;
  if (q.from || q.to) {
    filter.at = {
      ...(q.from ? { $gte: q.from } : {}),
      ...(q.to ? { $lt: q.to } : {}),
    };
  }
  return filter;
}

/** Newest first. A people-facing list, not a hot path (equality narrows it on indexes). */
export async function searchRecords(
  records: mongo.Collection<AuditRecord>,
  chain: string,
  q: AuditSearch,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<AuditPage> {
  const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
  const skip = (Math.max(1, Math.floor(page)) - 1) * size;
  const filter = searchFilter(chain, q);
  const [items, total] = await Promise.all([
    records.find(filter).sort({ at: -1, seq: -1 }).skip(skip).limit(size).toArray(),
    records.countDocuments(filter),
  ]);
  return { items: items as AuditRecord[], total };
}

/** Up to `limit` records, newest first, in one query (for an export). */
export async function exportRecords(
  records: mongo.Collection<AuditRecord>,
  chain: string,
  q: AuditSearch,
  limit: number,
): Promise<AuditRecord[]> {
  const items = await records
    .find(searchFilter(chain, q))
    .sort({ at: -1, seq: -1 })
    .limit(limit)
    .toArray();
  return items as AuditRecord[];
}

const CSV_HEADER = [
  '时间',
  '用户',
  '角色',
  '区划',
  '操作',
  '对象类型',
  '对象编号',
  '来源',
  '追踪号',
];

/** Time as auditors read it: Beijing time with its offset (China has no daylight saving). */
export function beijingTime(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 23)}+08:00`;
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with BOM (Excel opens Chinese correctly), CRLF lines, Chinese headers. */
export function toCsv(records: readonly AuditRecord[]): string {
  const rows = records.map((r) =>
    [
      beijingTime(r.at),
      r.actor.userId,
      r.actor.roles.join(';'),
      r.actor.regionCode ?? '',
      r.action,
      r.object.kind,
      r.object.id,
      r.source ?? '',
      r.traceId ?? '',
    ].map(csvCell),
  );
  return `\uFEFF${[CSV_HEADER, ...rows].map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}
