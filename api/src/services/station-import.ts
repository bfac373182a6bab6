// Station registry imports: check = plan every row against the stations the file names;
// apply = insert the new ones, update the changed ones, one audit entry per station changed.
import { listCities } from '../repositories/city.ts';
import {
  insertAuditRows,
  insertStations,
  registryByCodes,
  updateStations,
  type AuditRow,
} from '../repositories/station-registry.ts';
import { planStations, stationCodesOf, type ExistingStation, type StationChange } from '../imports/station-rows.ts';
import type { StationRecord } from '../imports/station-format.ts';
import type { ImportHandler } from './imports.ts';

export const stationImport: ImportHandler = {
  async check(db, table, scope, report) {
    const total = table.rows.length;
    report('CHECKING', 0, total);
    const [cities, rows] = await Promise.all([listCities(db), registryByCodes(db, stationCodesOf(table))]);
    const existing = new Map(rows.map((r) => [r.code, { ...r, status: r.status as ExistingStation['status'] }]));
    const plan = planStations(table, existing, { cities, onlyCity: scope.onlyCity }, (done) =>
      report('CHECKING', done, total),
    );
    const count = (k: StationChange['kind']) => plan.changes.filter((c) => c.kind === k).length;
    const invalidRows = new Set(plan.issues.map((i) => i.row).filter((r) => r !== null && r > 1)).size;
    return {
      issues: plan.issues,
      total,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      invalidRows,
      plan: plan.changes,
    };
  },

  async apply(trx, checked, ctx, report) {
    const changes = checked.plan as StationChange[];
    const creates = changes.flatMap((c) => (c.kind === 'create' ? [c.record] : []));
    const updates = changes.flatMap((c) => (c.kind === 'update' ? [c] : []));
    const writes = creates.length + updates.length;
    report('WRITING', 0, writes);
    await insertStations(trx, creates, (n) => report('WRITING', n, writes));
    await updateStations(
      trx,
      updates.map((u) => u.record),
      ctx.now,
      (n) => report('WRITING', creates.length + n, writes),
    );
    const pick = (s: StationRecord | ExistingStation, fields: readonly (keyof StationRecord)[]) =>
      Object.fromEntries(fields.map((f) => [f, s[f]]));
    const audits: AuditRow[] = [
      ...creates.map((r) => ({
        action: 'importStation:create',
        entity: 'station',
        entityId: r.code,
        before: null,
        after: { ...r, importJob: ctx.jobId },
        cityCode: r.city_code,
      })),
      ...updates.map((u) => ({
        action: 'importStation:update',
        entity: 'station',
        entityId: u.record.code,
        before: pick(u.before, u.fields),
        after: { ...pick(u.record, u.fields), importJob: ctx.jobId },
        cityCode: u.record.city_code,
      })),
      {
        action: 'importStations',
        entity: 'import_job',
        entityId: String(ctx.jobId),
        before: null,
        after: { created: creates.length, updated: updates.length, unchanged: checked.unchanged },
        cityCode: null,
      },
    ];
    await insertAuditRows(trx, ctx.viewer!.userId, ctx.requestId, ctx.now, audits);
  },
};
