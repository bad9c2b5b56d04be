import { scopeKeysOf, type ScopeKeys } from './guard';

/** The few calls of a MongoDB driver collection the migration makes (structural: no driver import). */
export interface ScopeMigrationCollection {
  find(
    filter: object,
    options: { projection: Record<string, 1> },
  ): { toArray(): Promise<Record<string, unknown>[]> };
  bulkWrite(ops: object[], options: { ordered: boolean }): Promise<unknown>;
}

export interface ScopeMigrationMarkers {
  findOne(filter: { _id: string }): Promise<unknown>;
  updateOne(
    filter: { _id: string },
    update: object,
    options: { upsert: boolean },
  ): Promise<unknown>;
}

/** Update statements per command: FerretDB 1.24 holds a pooled connection per statement (ADR 0014). */
const statementsPerCommand = 50;

const at = (doc: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      doc,
    );

/**
 * Once per database and marker: gives records stored before scope keys existed their `scope`
 * (R-OV-2), computed from the region code at `regionPath` (one full pass, then the marker);
 * answers how many it changed. Records without a usable code get empty keys: only services see them.
 */
export async function migrateScopeKeys(options: {
  collection: ScopeMigrationCollection;
  markers: ScopeMigrationMarkers;
  marker: string;
  /** Dotted path of the region code, e.g. `applicant.regionCode`. */
  regionPath: string;
  /** The scope of one stored row, when it is not simply the keys of `regionPath`. */
  scopeOf?: (row: Record<string, unknown>) => ScopeKeys;
}): Promise<number> {
  const { collection, markers, marker, regionPath } = options;
  if (await markers.findOne({ _id: marker })) return 0;
  const scopeOf =
    options.scopeOf ??
    ((row: Record<string, unknown>) => {
      const code = at(row, regionPath);
      return scopeKeysOf(typeof code === 'string' ? code : undefined);
    });
  const missing = await collection
    .find({ scope: { $exists: false } }, { projection: { [regionPath]: 1 } })
    .toArray();
  for (let i = 0; i < missing.length; i += statementsPerCommand) {
    await collection.bulkWrite(
      missing.slice(i, i + statementsPerCommand).map((row) => ({
        updateOne: {
          filter: { _id: row['_id'], scope: { $exists: false } },
          update: { $set: { scope: scopeOf(row) } },
        },
      })),
      { ordered: false },
    );
  }
  await markers.updateOne({ _id: marker }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  return missing.length;
}
