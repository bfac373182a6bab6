// Staff account imports: check = plan every row against the stations and accounts the file
// names; apply = create accounts (each with a one-time activation code, held for the importer),
// update changed ones (a moved person's sessions end), one audit entry per account changed.
import { sql } from 'kysely';
import { holdCodes, type IssuedCode } from '../imports/code-sheets.ts';
import { planStaff, staffKeysOf, type StaffChange } from '../imports/staff-rows.ts';
import { accountsByLogins, insertAccounts } from '../repositories/account.ts';
import { insertAuditRows, registryByCodes, type AuditRow } from '../repositories/station-registry.ts';
import { newActivation } from './accounts.ts';
import type { ImportHandler } from './imports.ts';
import { endSessionsOf } from './sessions.ts';

export const staffImport: ImportHandler = {
  async check(db, table, scope, report) {
    const total = table.rows.length;
    report('CHECKING', 0, total);
    const keys = staffKeysOf(table);
    const [stations, accounts] = await Promise.all([
      registryByCodes(db, keys.stationCodes),
      accountsByLogins(db, keys.emails, keys.phones),
    ]);
    const plan = planStaff(table, new Map(stations.map((s) => [s.code, s])), accounts, scope.onlyCity);
    report('CHECKING', total, total);
    const count = (k: StaffChange['kind']) => plan.changes.filter((c) => c.kind === k).length;
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
    const changes = checked.plan as StaffChange[];
    const creates = changes.flatMap((c) => (c.kind === 'create' ? [c] : []));
    const updates = changes.flatMap((c) => (c.kind === 'update' ? [c] : []));
    const writes = creates.length + updates.length;
    report('WRITING', 0, writes);
    const activations = creates.map(() => newActivation(ctx.now));
    const inserted = await insertAccounts(
      trx,
      creates.map((c, i) => ({
        email: c.record.email,
        phone: c.record.phone,
        display_name: c.record.display_name,
        role: 'STATION_STAFF',
        station_id: c.record.station_id,
        city_code: null,
        created_by: ctx.viewer!.userId,
        activation_code_hash: activations[i]!.hash,
        activation_expires_at: activations[i]!.expiresAt,
      })),
      ctx.now,
    );
    // RETURNING order is not promised: match the new ids by login.
    const idOf = new Map(inserted.map((r) => [r.email ?? r.phone, r.id]));
    const newId = (c: (typeof creates)[number]) => idOf.get(c.record.email ?? c.record.phone)!;
    report('WRITING', creates.length, writes);
    for (let i = 0; i < updates.length; i += 1000) {
      const part = updates.slice(i, i + 1000);
      const values = sql.join(
        part.map(
          (u) =>
            sql`(${u.before.id}::int, ${u.record.display_name}, ${u.record.email}, ${u.record.phone}, ${u.record.station_id}::int)`,
        ),
      );
      await sql`update app_user set display_name = v.name, email = v.email, phone = v.phone, station_id = v.station_id, updated_at = ${ctx.now}
        from (values ${values}) as v(id, name, email, phone, station_id) where app_user.id = v.id`.execute(trx);
      report('WRITING', creates.length + i + part.length, writes);
    }
    for (const u of updates) if (u.fields.includes('station_id')) await endSessionsOf(trx, u.before.id);
    const view = (r: {
      display_name: string;
      email: string | null;
      phone: string | null;
      station_code: string | null;
    }) => ({ displayName: r.display_name, email: r.email, phone: r.phone, stationCode: r.station_code });
    const audits: AuditRow[] = [
      ...creates.map((c) => ({
        action: 'importUser:create',
        entity: 'app_user',
        entityId: String(newId(c)),
        before: null,
        after: { ...view(c.record), role: 'STATION_STAFF', importJob: ctx.jobId },
        cityCode: c.record.city_code,
      })),
      ...updates.map((u) => ({
        action: 'importUser:update',
        entity: 'app_user',
        entityId: String(u.before.id),
        before: view(u.before),
        after: { ...view(u.record), importJob: ctx.jobId },
        cityCode: u.record.city_code,
      })),
      {
        action: 'importStaff',
        entity: 'import_job',
        entityId: String(ctx.jobId),
        before: null,
        after: { created: creates.length, updated: updates.length, unchanged: checked.unchanged },
        cityCode: null,
      },
    ];
    await insertAuditRows(trx, ctx.viewer!.userId, ctx.requestId, ctx.now, audits);
    const codes: IssuedCode[] = creates.map((c, i) => ({
      userId: newId(c),
      displayName: c.record.display_name,
      login: c.record.email ?? c.record.phone ?? '',
      stationCode: c.record.station_code,
      code: activations[i]!.code,
      link: activations[i]!.link,
      expiresAt: activations[i]!.expiresAt,
    }));
    holdCodes(ctx.jobId, ctx.viewer!.userId!, codes);
  },
};
