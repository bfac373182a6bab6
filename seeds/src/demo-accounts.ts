// Demo logins, one per role, printed in the README and the login screen's hint. Passwords are
// public on purpose: these accounts exist only in seeded demo databases.
import { hashPassword, type DbHandle } from '@recycle/db';
import { DEMO_STATION_CODE } from './network.ts';

export type Role = 'ADMIN' | 'SUSTAINABILITY_ANALYST' | 'CITY_MANAGER' | 'STATION_STAFF';

export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
  displayName: string;
  stationCode?: string;
  cityCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.recycle.cn', password: 'demo-admin', role: 'ADMIN', displayName: '系统管理员 Admin' },
  {
    email: 'analyst@demo.recycle.cn',
    password: 'demo-analyst',
    role: 'SUSTAINABILITY_ANALYST',
    displayName: '可持续发展分析师 Analyst',
  },
  {
    email: 'manager.sh@demo.recycle.cn',
    password: 'demo-manager',
    role: 'CITY_MANAGER',
    cityCode: 'SH',
    displayName: '上海城市经理 Shanghai manager',
  },
  {
    email: 'staff.sh00001@demo.recycle.cn',
    password: 'demo-staff',
    role: 'STATION_STAFF',
    stationCode: DEMO_STATION_CODE,
    displayName: '驿站店员 SH-00001 staff',
  },
];

/**
 * Insert the demo accounts. `stationIds` maps station codes to ids; an account whose station or city
 * is not in this (tiny) network is skipped rather than failing the whole seed.
 */
export async function seedDemoAccounts(
  handle: DbHandle,
  stationIds: Map<string, number>,
  cityCodes: Set<string>,
): Promise<number> {
  const usable = DEMO_ACCOUNTS.filter(
    (a) => (!a.stationCode || stationIds.has(a.stationCode)) && (!a.cityCode || cityCodes.has(a.cityCode)),
  );
  // scrypt runs on libuv's thread pool: hashing the four in parallel takes as long as one.
  const hashes = await Promise.all(usable.map((a) => hashPassword(a.password)));
  if (usable.length === 0) return 0;
  await handle.db
    .insertInto('app_user')
    .values(
      usable.map((a, i) => ({
        email: a.email,
        display_name: a.displayName,
        password_hash: hashes[i]!,
        role: a.role,
        station_id: a.stationCode ? stationIds.get(a.stationCode)! : null,
        city_code: a.cityCode ?? null,
      })),
    )
    .execute();
  return usable.length;
}
