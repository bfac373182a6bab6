// What the carbon CSV tests share: the carbon fixture (helpers/carbon-fixture.ts) served over real
// HTTP, GET /reports/carbon.csv with a Bearer token or a counter device's X-Device-Token, and the
// file parsed back with csv-parse. Each test file starts its own server:
//   let csv: CsvServer;
//   beforeAll(async () => void (csv = await startCsvServer()));
//   afterAll(() => csv?.close());
import { parse } from 'csv-parse/sync';
import { createCarbonFixture } from '../../helpers/carbon-fixture.ts';

export async function startCsvServer() {
  const { t, admin, stations } = await createCarbonFixture();
  const server = await t.listen();
  /** The file for `params`, signed in as the admin unless a token (or none) is given. */
  async function download(params: Record<string, string>, token: string | null = admin, device?: string) {
    const headers = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(device ? { 'x-device-token': device } : {}),
    };
    const res = await fetch(`${server.url}/reports/carbon.csv?${new URLSearchParams(params)}`, { headers });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  }
  return {
    t,
    admin,
    stations,
    download,
    close: async () => {
      await server.close();
      await t.close();
    },
  };
}
export type CsvServer = Awaited<ReturnType<typeof startCsvServer>>;

/** The records of a CSV file, by column name (the "#" header lines and the trailer skipped). */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, comment: '#', columns: true, skip_empty_lines: true });
}

/** The JSON body of a refused download. */
export interface CsvRefusal {
  error: {
    code: string;
    message: string;
    field?: string;
    reason?: string;
    params?: Record<string, string | number>;
    errorId?: string;
  };
}
export const refusalOf = (text: string) => JSON.parse(text) as CsvRefusal;
