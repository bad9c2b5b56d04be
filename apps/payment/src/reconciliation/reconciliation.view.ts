import type { ReconciliationDoc } from './reconciliation.model';

/** Progress as the console shows it while a large statement is being matched. */
export const reconciliationView = (r: ReconciliationDoc) => ({
  ...r,
  id: r._id,
  _id: undefined,
  processedRows: r.rows,
  percent: r.totalRows > 0 ? Math.floor((r.rows / r.totalRows) * 100) : 100,
  importedAt: r.importedAt.toISOString(),
  updatedAt: r.updatedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
});
