// Sheets of activation codes for a manager to hand out: the codes a staff import made (taken
// once), or fresh codes for every staff member of a station who has not activated yet.
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { canManageCity } from '../domain/viewer.ts';
import { codesWaiting, takeCodes, type IssuedCode } from '../imports/code-sheets.ts';
import { listAccounts } from '../repositories/account.ts';
import { writeAudit } from '../repositories/audit.ts';
import { importJobsByIds } from '../repositories/import-job.ts';
import { stationsByCodes } from '../repositories/station.ts';
import { sql } from 'kysely';
import { newActivation } from './accounts.ts';
import type { ServiceContext } from './imports.ts';
import { msg } from '../domain/messages.ts';

export async function takeImportCodes(ctx: ServiceContext, jobId: number): Promise<IssuedCode[]> {
  const job = (await importJobsByIds(ctx.db, [jobId]))[0];
  if (!job || job.kind !== 'STAFF' || job.mode !== 'APPLY' || job.created_by !== ctx.viewer?.userId)
    throw new NotFoundError('Staff import you applied', String(jobId), 'importId');
  if (job.state !== 'DONE') throw new ConflictError(msg('import.notFinished'), 'importId');
  const codes = ctx.viewer.userId === null ? null : takeCodes(jobId, ctx.viewer.userId);
  if (!codes) {
    throw new ConflictError(codesWaiting(jobId) ? msg('import.codesNotYours') : msg('import.codesGone'), 'importId');
  }
  return codes;
}

/** New codes for every PENDING staff member of a station (their earlier codes stop working). */
export async function issueStationCodes(ctx: ServiceContext, stationCode: string): Promise<IssuedCode[]> {
  const station = (await stationsByCodes(ctx.db, [stationCode.trim().toUpperCase()]))[0];
  if (!station) throw new NotFoundError('Station', stationCode, 'stationCode');
  if (!canManageCity(ctx.viewer, station.city_code)) throw new ForbiddenError(msg('import.codesForbidden'));
  const pending = await listAccounts(
    ctx.db,
    { stationId: station.id, roles: ['STATION_STAFF'], states: ['PENDING'] },
    { limit: 1000, inverted: true },
  );
  if (pending.length === 0) return [];
  const issued = pending.map((a) => ({ a, act: newActivation(ctx.now) }));
  await ctx.db.transaction().execute(async (trx) => {
    const values = sql.join(
      issued.map(({ a, act }) => sql`(${a.id}::int, ${act.hash}, ${act.expiresAt}::timestamptz)`),
    );
    await sql`update app_user set activation_code_hash = v.hash, activation_expires_at = v.expires, updated_at = ${ctx.now}
      from (values ${values}) as v(id, hash, expires) where app_user.id = v.id`.execute(trx);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'issueActivationCodes',
      entity: 'station',
      entityId: station.code,
      cityCode: station.city_code,
      after: { users: issued.map(({ a }) => a.id), expiresAt: issued[0]!.act.expiresAt },
      requestId: ctx.requestId,
    });
  });
  return issued.map(({ a, act }) => ({
    userId: a.id,
    displayName: a.display_name,
    login: a.email ?? a.phone ?? '',
    stationCode: station.code,
    code: act.code,
    link: act.link,
    expiresAt: act.expiresAt,
  }));
}
