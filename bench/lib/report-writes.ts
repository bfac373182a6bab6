// The writes the carbon benchmark makes between report requests (bench/carbon-bench.ts): drop-offs
// logged the way the API logs them (the same statement, rollups and transaction marks) and a
// station onboarded with its first drop-off.
import type { ValidDropOff } from '../../api/src/domain/drop-off-rules.ts';
import { insertDropOffBatch } from '../../api/src/repositories/drop-off.ts';
import type { DbHandle } from '@recycle/db';

export async function reportWrites(handle: DbHandle, period: { from: string; to: string }) {
  const stationRows = (
    await handle.pool!.query<{ id: number; code: string; city_code: string }>(
      `select id, code, city_code from station order by id`,
    )
  ).rows;
  let logged = 0;
  const runId = Date.now().toString(36);
  /** One drop-off at each of `count` stations (the next ones in turn), on the period's last day. */
  async function logAtStations(count: number) {
    for (let i = 0; i < count; i++) await logAt(stationRows[logged % stationRows.length]!);
  }

  async function logAt(s: { id: number; code: string; city_code: string }) {
    logged += 1;
    const occurredAt = new Date(`${period.to}T04:00:00Z`); // noon in China
    await insertDropOffBatch(
      handle.db,
      {
        stationId: s.id,
        cityCode: s.city_code,
        stationCode: s.code,
        loggedBy: null,
        deviceId: null,
        loggedAt: new Date(),
        requestId: null,
        replayedCount: 0,
      },
      [
        {
          idempotencyKey: `bench-report-${runId}-${logged}`,
          materialCode: 'BOX_M',
          outcome: 'REUSED',
          quantity: 1,
          massKg: 0.4,
          massWeighed: true,
          occurredAt,
          sent: null,
          fingerprint: 'bench',
        } as unknown as ValidDropOff,
      ],
    );
  }

  /**
   * A station onboarded (inserted, as the station import does) and its first drop-off. Its code
   * (SH-N00001, ...) sorts after Shanghai's numbered stations and before other cities': the report
   * places it in the middle of its order.
   */
  async function onboardAndLog() {
    const { rows } = await handle.pool!.query<{ id: number; code: string; city_code: string }>(
      `insert into station (code, city_code, district, name, address, lat, lng, bin_capacity)
      select 'SH-N' || lpad((count(*) + 1)::text, 5, '0'), 'SH', '压测区', '新开驿站 ' || (count(*) + 1), '压测路 1 号', 31.23, 121.47, 1000
      from station where code like 'SH-N%'
      returning id, code, city_code`,
    );
    await logAt(rows[0]!);
  }

  return { logAtStations, onboardAndLog };
}
