// GET /reports/carbon.csv refusals: bad periods, dimensions and names answer JSON with the status,
// the English message, the field at fault and its message code; no or a bad credential is 401; a
// failure inside answers 500 with an errorId equal to the x-request-id header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeMember } from '../../helpers/points.ts';
import { PERIOD } from '../../helpers/carbon-fixture.ts';
import { refusalOf, startCsvServer, type CsvRefusal, type CsvServer } from './csv.ts';

let csv: CsvServer;
beforeAll(async () => {
  csv = await startCsvServer();
});
afterAll(() => csv?.close());

type Params = Record<string, string | number>;
/** A 400 refusal: the message, the field at fault, the message code and its parameters. */
const badInput = (message: string, field: string, reason: string, params: Params = {}): CsvRefusal['error'] => ({
  code: 'BAD_USER_INPUT',
  message,
  field,
  reason,
  params,
});
/** A 404 refusal naming what does not exist. */
const notFound = (message: string, field: string, params: Params): CsvRefusal['error'] => ({
  code: 'NOT_FOUND',
  message,
  field,
  reason: 'notFound',
  params,
});

describe('CSV errors', () => {
  it.each<[Record<string, string>, number, CsvRefusal['error']]>([
    [
      { ...PERIOD, groupBy: 'NETWORK,CITY' },
      400,
      badInput('groupBy: NETWORK cannot be combined with another dimension', 'groupBy', 'report.networkAlone'),
    ],
    [{ ...PERIOD }, 400, badInput('groupBy: takes one or two dimensions', 'groupBy', 'report.dimsCount')],
    [
      { from: '2026-11-12', to: '2026-11-11', groupBy: 'CITY' },
      400,
      badInput('from: must not be after "to" (2026-11-12 > 2026-11-11)', 'from', 'period.fromAfterTo', {
        from: '2026-11-12',
        to: '2026-11-11',
      }),
    ],
    [
      { from: '11/11/2026', groupBy: 'CITY' },
      400,
      badInput('from: must be a date "YYYY-MM-DD", got "11/11/2026"', 'from', 'date.badFormat', {
        value: '"11/11/2026"',
      }),
    ],
    [
      { from: '2026-02-30', to: '2026-03-01', groupBy: 'CITY' },
      400,
      badInput('from: is not a real calendar date', 'from', 'date.notReal'),
    ],
    [
      { from: '2026-11-01', to: '2026-11-31', groupBy: 'CITY' },
      400,
      badInput('to: is not a real calendar date', 'to', 'date.notReal'),
    ],
    [
      { from: '1999-12-31', to: '2000-01-02', groupBy: 'CITY' },
      400,
      badInput('from: year must be between 2000 and 2099', 'from', 'date.yearOutOfRange', { min: 2000, max: 2099 }),
    ],
    [
      { from: '0001-01-01', to: '2026-11-11', groupBy: 'CITY' },
      400,
      badInput('from: year must be between 2000 and 2099', 'from', 'date.yearOutOfRange', { min: 2000, max: 2099 }),
    ],
    [
      { from: '2027-11-01', to: '2027-11-13', groupBy: 'CITY' },
      400,
      badInput('to: is more than a year after today (2027-11-13 > 2027-11-12)', 'to', 'period.tooLate', {
        day: '2027-11-13',
        latest: '2027-11-12',
      }),
    ],
    // MAX_PERIOD_DAYS = 400 (domain/period.ts): 2025-10-07..2026-11-11 is 401 days.
    [
      { from: '2025-10-07', to: '2026-11-11', groupBy: 'CITY' },
      400,
      badInput('to: period is 401 days, longer than the 400 allowed; split it', 'to', 'period.tooLong', {
        days: 401,
        max: 400,
      }),
    ],
    [
      { from: '2026-11-01T00:00:00', groupBy: 'CITY' },
      400,
      badInput('from: must be a date "YYYY-MM-DD", got "2026-11-01T00:00:00"', 'from', 'date.badFormat', {
        value: '"2026-11-01T00:00:00"',
      }),
    ],
    [
      { ...PERIOD, groupBy: 'CITY', stationCodes: 'SH-99999' },
      404,
      notFound('Station "SH-99999" does not exist', 'stationCodes.0', { entity: 'Station', key: 'SH-99999' }),
    ],
    [
      { ...PERIOD, groupBy: 'CITY', factorSet: 'NOPE' },
      404,
      notFound('Emission factor set "NOPE" does not exist', 'factorSet', {
        entity: 'Emission factor set',
        key: 'NOPE',
      }),
    ],
  ])('%j → %i', async (params, status, error) => {
    const { res, text } = await csv.download(params);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refusalOf(text)).toEqual({ error });
  });

  it('a period of exactly 400 days is served (2025-10-08..2026-11-11)', async () => {
    const { res, text } = await csv.download({ from: '2025-10-08', to: '2026-11-11', groupBy: 'NETWORK' });
    expect(res.status).toBe(200);
    expect(text.trimEnd().split('\r\n').at(-1)).toBe('# end,rows=2');
  });

  it('needs a valid Bearer token in the Authorization header', async () => {
    const { download, admin, t } = csv;
    expect((await download({ ...PERIOD, groupBy: 'CITY' }, null)).res.status).toBe(401);
    expect((await download({ ...PERIOD, groupBy: 'CITY' }, 'not-a-token')).res.status).toBe(401);
    expect((await download({ ...PERIOD, groupBy: 'CITY', token: admin }, null)).res.status).toBe(401);
    // A green-points member is nobody to the staff routes: signed in as no one here.
    expect(
      (await download({ ...PERIOD, groupBy: 'NETWORK', stationCodes: 'SH-10001' }, (await makeMember(t)).token)).res
        .status,
    ).toBe(401);
  });
});

describe('CSV unexpected errors', () => {
  it('answer 500 "Unexpected error." with an errorId equal to the x-request-id header', async () => {
    // A real failure before the first byte: the city table is gone while the scope is checked.
    await sql`alter table city rename to city_gone`.execute(csv.t.db.db);
    try {
      const { res, text } = await csv.download({ ...PERIOD, groupBy: 'CITY', cityCodes: 'SH' });
      expect(res.status).toBe(500);
      const body = refusalOf(text);
      expect(body.error.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.error.message).toBe('Unexpected error.');
      expect(body.error.errorId).toBe(res.headers.get('x-request-id'));
    } finally {
      await sql`alter table city_gone rename to city`.execute(csv.t.db.db);
    }
  });
});
