// Accounts, whole lifecycle: create (with a one-time activation code), edit, reset, deactivate,
// reactivate. Each owns its transaction and audit entry (before/after, never a secret); each that
// must take effect at once ends the person's sessions in the same transaction.
import { ACTIVATION_TTL_MS, activationPath, hashActivationCode, newActivationCode } from '../auth/activation.ts';
import { canManageAccount, normalizeEmail, normalizePhone } from '../domain/accounts.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError, issue } from '../domain/errors.ts';
import type { Role } from '../domain/viewer.ts';
import {
  accountsByIds,
  accountsByLogins,
  insertAccounts,
  updateAccount,
  type AccountPatch,
  type AccountRow,
} from '../repositories/account.ts';
import { writeAudit } from '../repositories/audit.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { stationsByCodes } from '../repositories/station.ts';
import type { ServiceContext } from './imports.ts';
import { endSessionsOf } from './sessions.ts';
import { msg } from '../domain/messages.ts';

export interface Activation {
  code: string;
  /** Path of the activation page with the code (the console prefixes its origin; QR codes carry it). */
  link: string;
  expiresAt: Date;
  /** true: e-mailed to the person; false: e-mailing failed; null: not e-mailed (no SMTP, or no e-mail address). */
  emailDelivered?: boolean | null;
}

/**
 * E-mails the code when SMTP is configured and the account has an e-mail address. Never throws:
 * a failed delivery leaves the account as made, and the creator hands the code over.
 */
async function emailActivation(
  ctx: ServiceContext,
  a: Pick<AccountRow, 'id' | 'email' | 'display_name'>,
  activation: Activation,
  kind: 'created' | 'reset',
): Promise<boolean | null> {
  if (!ctx.mailer || !a.email) return null;
  return ctx.mailer.sendActivation(a.email, {
    userId: a.id,
    displayName: a.display_name,
    kind,
    code: activation.code,
    link: activation.link,
    expiresAt: activation.expiresAt,
  });
}

export function newActivation(now: Date): Activation & { hash: string } {
  const code = newActivationCode();
  return {
    code,
    link: activationPath(code),
    expiresAt: new Date(now.getTime() + ACTIVATION_TTL_MS),
    hash: hashActivationCode(code),
  };
}

export interface AccountInput {
  role: Role;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  cityCode?: string | null;
  stationCode?: string | null;
}

/** Where an account belongs: staff to a station (in service), managers to a city, others to nothing. */
async function placement(
  ctx: ServiceContext,
  role: Role,
  cityCode: string | null | undefined,
  stationCode: string | null | undefined,
) {
  if (role === 'STATION_STAFF') {
    if (!stationCode) throw InputError.of('input.stationCode', msg('account.stationRequired'));
    const station = (await stationsByCodes(ctx.db, [stationCode.trim().toUpperCase()]))[0];
    if (!station) throw new NotFoundError('Station', stationCode, 'input.stationCode');
    if (station.decommissioned_at)
      throw InputError.of('input.stationCode', msg('account.stationDecommissioned', { station: station.code }));
    return { station_id: station.id, city_code: null, cityOfAccount: station.city_code, stationCode: station.code };
  }
  if (stationCode) throw InputError.of('input.stationCode', msg('account.stationOnlyForStaff'));
  if (role === 'CITY_MANAGER') {
    if (!cityCode) throw InputError.of('input.cityCode', msg('account.cityRequired'));
    const city = (await citiesByCodes(ctx.db, [cityCode]))[0];
    if (!city) throw new NotFoundError('City', cityCode, 'input.cityCode');
    return { station_id: null, city_code: city.code, cityOfAccount: city.code, stationCode: null };
  }
  if (cityCode) throw InputError.of('input.cityCode', msg('account.cityOnlyForManagers'));
  return { station_id: null, city_code: null, cityOfAccount: null, stationCode: null };
}

function logins(input: { email?: string | null; phone?: string | null }) {
  const email = input.email?.trim() ? normalizeEmail(input.email) : null;
  const phone = input.phone?.trim() ? normalizePhone(input.phone) : null;
  const issues = [];
  if (input.email?.trim() && !email) issues.push(issue('input.email', msg('account.badEmail')));
  if (input.phone?.trim() && !phone) issues.push(issue('input.phone', msg('account.badPhone')));
  if (issues.length) throw new InputError(issues);
  return { email, phone };
}

async function assertLoginsFree(
  ctx: ServiceContext,
  email: string | null,
  phone: string | null,
  exceptId: number | null,
) {
  const taken = (await accountsByLogins(ctx.db, email ? [email] : [], phone ? [phone] : [])).filter(
    (a) => a.id !== exceptId,
  );
  for (const a of taken) {
    if (email && a.email === email) throw new ConflictError(msg('account.loginTaken', { login: email }), 'input.email');
    if (phone && a.phone === phone) throw new ConflictError(msg('account.loginTaken', { login: phone }), 'input.phone');
  }
}

/** What the audit shows of an account: no hash, no code. */
export const auditView = (a: Partial<AccountRow>) => ({
  email: a.email,
  phone: a.phone,
  displayName: a.display_name,
  role: a.role,
  stationCode: a.station_code,
  cityCode: a.city_code,
});

export async function createAccount(ctx: ServiceContext, input: AccountInput) {
  const { email, phone } = logins(input);
  if (!email && !phone) throw InputError.of('input.email', msg('account.loginNeeded'));
  const place = await placement(ctx, input.role, input.cityCode, input.stationCode);
  if (!canManageAccount(ctx.viewer, { role: input.role, cityCode: place.cityOfAccount })) {
    throw new ForbiddenError(
      ctx.viewer?.role === 'CITY_MANAGER' ? msg('account.managerCreatesStaffOnly') : msg('account.createForbidden'),
    );
  }
  await assertLoginsFree(ctx, email, phone, null);
  const activation = newActivation(ctx.now);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [row] = await insertAccounts(
      trx,
      [
        {
          email,
          phone,
          display_name: input.displayName.trim(),
          role: input.role,
          station_id: place.station_id,
          city_code: place.city_code,
          created_by: ctx.viewer!.userId,
          activation_code_hash: activation.hash,
          activation_expires_at: activation.expiresAt,
        },
      ],
      ctx.now,
    );
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action: 'createUser',
      entity: 'app_user',
      entityId: String(row!.id),
      cityCode: place.cityOfAccount,
      after: {
        email,
        phone,
        displayName: input.displayName.trim(),
        role: input.role,
        stationCode: place.stationCode,
        cityCode: place.city_code,
        activationExpiresAt: activation.expiresAt,
      },
      requestId: ctx.requestId,
    });
    return row!.id;
  });
  const user = (await accountsByIds(ctx.db, [id]))[0]!;
  const issued: Activation = { code: activation.code, link: activation.link, expiresAt: activation.expiresAt };
  return { user, activation: { ...issued, emailDelivered: await emailActivation(ctx, user, issued, 'created') } };
}

/** The account, if the viewer may manage it (else ForbiddenError; NotFoundError when absent). */
export async function accountToManage(ctx: ServiceContext, id: number, field = 'id'): Promise<AccountRow> {
  const a = (await accountsByIds(ctx.db, [id]))[0];
  if (!a) throw new NotFoundError('User', String(id), field);
  if (!canManageAccount(ctx.viewer, { role: a.role as Role, cityCode: a.account_city }))
    throw new ForbiddenError(msg('account.manageForbidden'));
  return a;
}

/** Writes a patch with its audit entry, ending sessions when `endSessions`. */
async function change(
  ctx: ServiceContext,
  a: AccountRow,
  action: string,
  patch: AccountPatch,
  audit: { before: unknown; after: unknown },
  endSessions: boolean,
) {
  await ctx.db.transaction().execute(async (trx) => {
    await updateAccount(trx, a.id, patch, ctx.now);
    if (endSessions) await endSessionsOf(trx, a.id);
    await writeAudit(trx, {
      actorId: ctx.viewer!.userId,
      action,
      entity: 'app_user',
      entityId: String(a.id),
      cityCode: a.account_city,
      ...audit,
      requestId: ctx.requestId,
    });
  });
  return (await accountsByIds(ctx.db, [a.id]))[0]!;
}

export async function updateAccountDetails(
  ctx: ServiceContext,
  id: number,
  input: { [K in keyof AccountInput]?: AccountInput[K] | null },
) {
  const a = await accountToManage(ctx, id);
  const role = input.role ?? (a.role as Role);
  if (role !== a.role && id === ctx.viewer!.userId) throw new ConflictError(msg('account.ownRole'), 'input.role');
  const { email, phone } = logins(input);
  const movesPlace = input.role != null || input.cityCode != null || input.stationCode != null;
  const place = movesPlace
    ? await placement(
        ctx,
        role,
        input.cityCode ?? (role === a.role ? a.city_code : null),
        input.stationCode ?? (role === a.role ? a.station_code : null),
      )
    : null;
  if (place && !canManageAccount(ctx.viewer, { role, cityCode: place.cityOfAccount }))
    throw new ForbiddenError(msg('account.moveForbidden'));
  await assertLoginsFree(ctx, email, phone, a.id);
  const patch: AccountPatch = {};
  if (input.displayName?.trim() && input.displayName.trim() !== a.display_name)
    patch.display_name = input.displayName.trim();
  if (email && email !== a.email) patch.email = email;
  if (phone && phone !== a.phone) patch.phone = phone;
  if (place && role !== a.role) patch.role = role;
  if (place && place.station_id !== a.station_id) patch.station_id = place.station_id;
  if (place && place.city_code !== a.city_code) patch.city_code = place.city_code;
  if (Object.keys(patch).length === 0) throw InputError.of('input', msg('account.noChange'));
  const after = { ...a, ...patch, station_code: place ? place.stationCode : a.station_code };
  // A new role or station changes what the person may do: their current sessions end now.
  const endSessions = 'role' in patch || 'station_id' in patch || 'city_code' in patch;
  return change(ctx, a, 'updateUser', patch, { before: auditView(a), after: auditView(after) }, endSessions);
}

/** A new one-time code; the old password (and any earlier code) stops working at once. */
export async function resetPassword(ctx: ServiceContext, id: number) {
  const a = await accountToManage(ctx, id);
  if (a.deactivated_at) throw new ConflictError(msg('account.deactivatedReactivateFirst'), 'id');
  const activation = newActivation(ctx.now);
  const user = await change(
    ctx,
    a,
    'resetPassword',
    { password_hash: null, activation_code_hash: activation.hash, activation_expires_at: activation.expiresAt },
    { before: { state: a.state }, after: { state: 'PENDING', activationExpiresAt: activation.expiresAt } },
    true,
  );
  const issued: Activation = { code: activation.code, link: activation.link, expiresAt: activation.expiresAt };
  return { user, activation: { ...issued, emailDelivered: await emailActivation(ctx, user, issued, 'reset') } };
}

export async function deactivateAccount(ctx: ServiceContext, id: number, reason: string) {
  const a = await accountToManage(ctx, id);
  if (id === ctx.viewer!.userId) throw new ConflictError(msg('account.deactivateSelf'), 'id');
  if (a.deactivated_at) throw new ConflictError(msg('account.alreadyDeactivated'), 'id');
  return change(
    ctx,
    a,
    'deactivateUser',
    { deactivated_at: ctx.now, deactivation_reason: reason, activation_code_hash: null, activation_expires_at: null },
    { before: { state: a.state }, after: { state: 'DEACTIVATED', reason } },
    true,
  );
}

export async function reactivateAccount(ctx: ServiceContext, id: number) {
  const a = await accountToManage(ctx, id);
  if (!a.deactivated_at) throw new ConflictError(msg('account.notDeactivated'), 'id');
  return change(
    ctx,
    a,
    'reactivateUser',
    { deactivated_at: null, deactivation_reason: null },
    { before: { deactivated: true, reason: a.deactivation_reason }, after: { deactivated: false } },
    false,
  );
}
