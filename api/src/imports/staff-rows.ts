// Checks every row of a staff file (station staff accounts) and says what applying it would do.
// A person is the same person when the email or the phone matches an account: a re-import updates
// them (name, station, the other login), never makes a second account. Pure, like station-rows.
import { normalizeEmail, normalizePhone } from '../domain/accounts.ts';
import { mapHeader, type ColumnSpec } from './columns.ts';
import { importIssue, type ImportIssue } from './issues.ts';
import type { Table } from './table-file.ts';
import { msg, type Message } from '../domain/messages.ts';

export const STAFF_COLUMNS = [
  { key: 'station_code', required: true, aliases: ['station', '驿站编码', '站点编码'] },
  { key: 'name', required: true, aliases: ['display_name', '姓名', '名字'] },
  { key: 'phone', required: false, aliases: ['mobile', '手机', '手机号', '电话'] },
  { key: 'email', required: false, aliases: ['e-mail', '邮箱', '电子邮件'] },
  { key: 'role', required: false, aliases: ['角色'] },
] as const satisfies readonly ColumnSpec<string>[];
type StaffColumn = (typeof STAFF_COLUMNS)[number]['key'];
export const STAFF_HEADER: StaffColumn[] = STAFF_COLUMNS.map((c) => c.key);

export interface StaffStation {
  id: number;
  code: string;
  city_code: string;
  decommissioned_at: Date | null;
}

export interface ExistingAccount {
  id: number;
  email: string | null;
  phone: string | null;
  display_name: string;
  role: string;
  station_id: number | null;
  station_code: string | null;
  account_city: string | null;
}

export interface StaffRecord {
  display_name: string;
  email: string | null;
  phone: string | null;
  station_id: number;
  station_code: string;
  city_code: string;
}

export type StaffChange =
  | { kind: 'create'; row: number; record: StaffRecord }
  | {
      kind: 'update';
      row: number;
      record: StaffRecord;
      before: ExistingAccount;
      fields: ('display_name' | 'email' | 'phone' | 'station_id')[];
    }
  | { kind: 'unchanged'; row: number; id: number };

/** Station codes, emails and phones the file names, to load what exists in three queries. */
export function staffKeysOf(table: Table) {
  const { index } = mapHeader(table.header, STAFF_COLUMNS);
  const col = (k: StaffColumn) => (index[k] < 0 ? [] : table.rows.map((r) => r.cells[index[k]] ?? ''));
  return {
    stationCodes: [
      ...new Set(
        col('station_code')
          .map((c) => c.toUpperCase())
          .filter(Boolean),
      ),
    ],
    emails: [
      ...new Set(
        col('email')
          .map((e) => normalizeEmail(e))
          .filter((e): e is string => !!e),
      ),
    ],
    phones: [
      ...new Set(
        col('phone')
          .map((p) => normalizePhone(p))
          .filter((p): p is string => !!p),
      ),
    ],
  };
}

const ROLE_OK = new Set(['', 'station_staff', 'staff', '驿站员工', '店员']);

export function planStaff(
  table: Table,
  stations: ReadonlyMap<string, StaffStation>,
  accounts: readonly ExistingAccount[],
  onlyCity: string | null,
): { changes: StaffChange[]; issues: ImportIssue[] } {
  const { index, issues } = mapHeader(table.header, STAFF_COLUMNS);
  if (issues.length) return { changes: [], issues };
  for (const c of table.cellIssues)
    issues.push(importIssue(c.row, STAFF_COLUMNS.find((s) => index[s.key] === c.index)?.key ?? null, c.problem));
  const byEmail = new Map(accounts.filter((a) => a.email).map((a) => [a.email!, a]));
  const byPhone = new Map(accounts.filter((a) => a.phone).map((a) => [a.phone!, a]));
  const seen = new Map<string, number>();
  const changes: StaffChange[] = [];
  for (const r of table.rows) {
    const cell = (k: StaffColumn) => (index[k] < 0 ? '' : (r.cells[index[k]] ?? ''));
    const before = issues.length;
    const bad = (column: StaffColumn | null, m: Message) => issues.push(importIssue(r.row, column, m));
    const station = stations.get(cell('station_code').toUpperCase());
    if (!station) bad('station_code', msg('row.unknownStation', { value: cell('station_code') }));
    else if (station.decommissioned_at)
      bad('station_code', msg('row.stationDecommissioned', { station: station.code }));
    else if (onlyCity && station.city_code !== onlyCity)
      bad('station_code', msg('row.staffOtherCity', { station: station.code, city: station.city_code, onlyCity }));
    const name = cell('name');
    if (name === '') bad('name', msg('row.empty'));
    else if ([...name].length > 100) bad('name', msg('row.tooLong', { max: 100 }));
    const email = cell('email') ? normalizeEmail(cell('email')) : null;
    const phone = cell('phone') ? normalizePhone(cell('phone')) : null;
    if (cell('email') && !email) bad('email', msg('row.badEmail', { value: cell('email') }));
    if (cell('phone') && !phone) bad('phone', msg('row.badPhone', { value: cell('phone') }));
    if (!cell('email') && !cell('phone')) bad('phone', msg('row.loginNeeded'));
    for (const [column, key] of [
      ['email', email],
      ['phone', phone],
    ] as const) {
      if (!key) continue;
      if (seen.has(key)) bad(column, msg('row.duplicate', { value: key, row: seen.get(key)! }));
      else seen.set(key, r.row);
    }
    if (!ROLE_OK.has(cell('role').toLowerCase())) bad('role', msg('row.notStaffRole', { value: cell('role') }));
    const a = (email && byEmail.get(email)) || null;
    const b = (phone && byPhone.get(phone)) || null;
    if (a && b && a.id !== b.id) bad('phone', msg('row.twoAccounts', { email: email!, phone: phone! }));
    const prior = a ?? b;
    if (prior && prior.role !== 'STATION_STAFF') bad(a ? 'email' : 'phone', msg('row.otherRole', { role: prior.role }));
    else if (prior && onlyCity && prior.account_city !== onlyCity)
      bad(a ? 'email' : 'phone', msg('row.accountOtherCity'));
    if (issues.length > before) continue;

    const record: StaffRecord = {
      display_name: name,
      email: email ?? prior?.email ?? null,
      phone: phone ?? prior?.phone ?? null,
      station_id: station!.id,
      station_code: station!.code,
      city_code: station!.city_code,
    };
    if (!prior) {
      changes.push({ kind: 'create', row: r.row, record });
      continue;
    }
    const fields = (['display_name', 'email', 'phone', 'station_id'] as const).filter((f) => record[f] !== prior[f]);
    changes.push(
      fields.length
        ? { kind: 'update', row: r.row, record, before: prior, fields: [...fields] }
        : { kind: 'unchanged', row: r.row, id: prior.id },
    );
  }
  if (table.rows.length === 0) issues.push(importIssue(null, null, msg('file.noStaffRows')));
  return { changes, issues };
}
