// Counter devices: a person who runs a station (its staff, the city's manager, an admin) makes a
// short pairing code; the device enters it and receives a long-lived credential for that
// station's counter; the credential is checked on every request, so revoking it works at once.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hashCode, newDeviceSecret, newPairingCode, PAIRING_TTL_MS } from '../auth/activation.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError, UnauthenticatedError } from '../domain/errors.ts';
import { canOperateStation, type Viewer } from '../domain/viewer.ts';
import { writeAudit } from '../repositories/audit.ts';
import {
  closeExpiredPairings,
  countRecentPairingFailures,
  deviceSecret,
  devicesByIds,
  insertDevice,
  insertPairing,
  openPairing,
  revokeDevice,
  touchDevice,
  usePairing,
} from '../repositories/device.ts';
import { stationsByCodes } from '../repositories/station.ts';
import type { Db } from '../repositories/db.ts';
import type { ServiceContext } from './imports.ts';
import { msg } from '../domain/messages.ts';

/** Failed pairings allowed per 10 minutes, across the network: 8 digits make guessing hopeless at this rate. */
export const MAX_PAIRING_FAILURES = 30;

/** Who may pair and revoke devices of a station: people who run it (never a device itself). */
function canRunDevices(viewer: Viewer | null, station: { id: number; city_code: string }) {
  return viewer !== null && viewer.userId !== null && canOperateStation(viewer, station);
}

export async function createPairingCode(ctx: ServiceContext, stationCode: string) {
  const station = (await stationsByCodes(ctx.db, [stationCode.trim().toUpperCase()]))[0];
  if (!station) throw new NotFoundError('Station', stationCode, 'stationCode');
  if (!canRunDevices(ctx.viewer, station)) throw new ForbiddenError(msg('device.pairForbidden'));
  if (station.decommissioned_at)
    throw new ConflictError(msg('device.stationDecommissioned', { station: station.code }), 'stationCode');
  const expiresAt = new Date(ctx.now.getTime() + PAIRING_TTL_MS);
  return ctx.db.transaction().execute(async (trx) => {
    await closeExpiredPairings(trx, ctx.now);
    // Eight digits collide rarely; draw again while the code is open already.
    let code = newPairingCode();
    while (await openPairing(trx, hashCode(code))) code = newPairingCode();
    {
      await insertPairing(trx, {
        stationId: station.id,
        codeHash: hashCode(code),
        createdBy: ctx.viewer!.userId,
        at: ctx.now,
        expiresAt,
      });
      await writeAudit(trx, {
        actorId: ctx.viewer!.userId,
        action: 'createPairingCode',
        entity: 'station',
        entityId: station.code,
        cityCode: station.city_code,
        after: { expiresAt },
        requestId: ctx.requestId,
      });
      return { code, link: `/station/pair?code=${code}`, expiresAt, stationId: station.id };
    }
  });
}

export async function pairDevice(ctx: ServiceContext, code: string, name: string) {
  const digits = code.replace(/\D/g, '');
  const since = new Date(ctx.now.getTime() - PAIRING_TTL_MS);
  if ((await countRecentPairingFailures(ctx.db, since)) >= MAX_PAIRING_FAILURES) {
    throw InputError.of('code', msg('device.pairingThrottled'));
  }
  const secret = newDeviceSecret();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const pairing = digits.length === 8 ? await openPairing(trx, hashCode(digits)) : undefined;
    if (!pairing || pairing.expires_at < ctx.now) return null;
    const device = await insertDevice(trx, {
      stationId: pairing.station_id,
      name,
      secretHash: hashCode(secret),
      pairedBy: pairing.created_by,
      at: ctx.now,
    });
    await usePairing(trx, pairing.id, device.id, ctx.now);
    await writeAudit(trx, {
      actorId: pairing.created_by,
      deviceId: device.id,
      action: 'pairDevice',
      entity: 'counter_device',
      entityId: String(device.id),
      cityCode: pairing.city_code,
      after: { name, stationId: pairing.station_id },
      requestId: ctx.requestId,
    });
    return device.id;
  });
  if (result === null) {
    await writeAudit(ctx.db, {
      actorId: null,
      action: 'pairDevice:failed',
      entity: 'device_pairing',
      entityId: 'code',
      at: ctx.now,
      requestId: ctx.requestId,
    });
    throw InputError.of('code', msg('device.badPairingCode'));
  }
  const device = (await devicesByIds(ctx.db, [result]))[0]!;
  return { deviceToken: `${device.id}.${secret}`, device };
}

export async function revoke(ctx: ServiceContext, id: number) {
  const device = (await devicesByIds(ctx.db, [id]))[0];
  if (!device) throw new NotFoundError('Device', String(id), 'id');
  if (!canRunDevices(ctx.viewer, { id: device.station_id, city_code: device.city_code }))
    throw new ForbiddenError(msg('device.revokeForbidden'));
  if (device.revoked_at) throw new ConflictError(msg('device.alreadyRevoked'), 'id');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await revokeDevice(trx, id, ctx.viewer!.userId, ctx.now)))
      throw new ConflictError(msg('device.revokedJustNow'), 'id');
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'revokeDevice',
      entity: 'counter_device',
      entityId: String(id),
      cityCode: device.city_code,
      before: { revoked: false, name: device.name },
      after: { revoked: true },
      requestId: ctx.requestId,
    });
  });
  return (await devicesByIds(ctx.db, [id]))[0]!;
}

/**
 * The device a request's credential names ("<id>.<secret>"), checked against the database on every
 * request (a revoked device is refused at once), with its last-seen time kept up to date.
 */
export async function deviceOfCredential(
  db: Db,
  credential: string,
  now: Date,
): Promise<{ id: number; stationId: number }> {
  const m = /^(\d{1,9})\.([A-Za-z0-9_-]{20,100})$/.exec(credential.trim());
  const row = m ? await deviceSecret(db, Number(m[1])) : undefined;
  const given = m ? createHash('sha256').update(m[2]!).digest() : null;
  if (!row || !given || !timingSafeEqual(given, Buffer.from(row.secret_hash, 'hex'))) {
    throw new UnauthenticatedError(msg('device.notPaired'));
  }
  if (row.revoked_at) throw new UnauthenticatedError(msg('device.revoked'));
  if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() > 60_000) await touchDevice(db, row.id, now);
  return { id: row.id, stationId: row.station_id };
}
