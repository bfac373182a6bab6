// Imports over real HTTP (upload) and GraphQL (poll, apply), for the import tests. Example:
//   const h = await startImportServer(t);
//   const dry = await h.dryRun(token, 'stations', csv(rows));   // waits until the job is done
//   const applied = await h.apply(token, dry.id);
import { graphql, type ResultOf } from '../../web/src/lib/graphql.ts';
import { ok, type TestApp } from './app.ts';

const JobFields = graphql(`
  fragment JobFields on ImportJob {
    id
    kind
    mode
    state
    rows
    created
    updated
    unchanged
    invalidRows
    issueCount
    error
    fileFormat
    issues {
      row
      column
      message
    }
    progress {
      phase
      done
      total
    }
    activationCodesWaiting
  }
`);
export type Job = ResultOf<typeof JobFields>;
const ImportJob = graphql(
  `
    query ($id: Int!) {
      importJob(id: $id) {
        ...JobFields
      }
    }
  `,
  [JobFields],
);
const ApplyImport = graphql(`
  mutation ($id: Int!) {
    applyImport(dryRunId: $id) {
      __typename
      ... on ImportJob {
        id
      }
      ... on Error {
        message
      }
    }
  }
`);
type Refusal = Exclude<ResultOf<typeof ApplyImport>['applyImport'], { __typename: 'ImportJob' }>;

export const STATION_HEADER = 'code,name,city,district,address,lat,lng,coord_system,bin_capacity,status';

/** RFC 4180 CSV of rows (quotes where needed), CRLF line ends. */
export function csv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function startImportServer(t: TestApp) {
  const server = await t.listen();
  // Longer than the test's pauses: a kept-alive socket the server closes just as fetch reuses it
  // for the next upload would reset that upload (a race of Node's default 5 s).
  server.http.keepAliveTimeout = 120_000;
  const base = server.url;

  async function waitFor(token: string, id: number): Promise<Job> {
    for (let i = 0; i < 600; i++) {
      const job = ok(await t.gql(ImportJob, { id }, token)).importJob;
      if (!job) throw new Error(`import ${id} not found`);
      if (job.state !== 'RUNNING') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`import ${id} still running after 60 s`);
  }

  return {
    base,
    /** POST the bytes; the raw response (tests of refusals read status and JSON). */
    async upload(token: string | null, kind: string, body: string | Uint8Array, name = 'upload.csv') {
      const res = await fetch(`${base}/api/imports/${kind}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
      });
      return {
        status: res.status,
        body: (await res.json()) as { id?: number; error?: { code: string; message: string } },
      };
    },
    /** Uploads and waits for the dry run to finish. */
    async dryRun(token: string, kind: string, body: string | Uint8Array, name?: string): Promise<Job> {
      const r = await this.upload(token, kind, body, name);
      if (r.status !== 202) throw new Error(`upload refused: ${r.status} ${JSON.stringify(r.body)}`);
      return waitFor(token, r.body.id!);
    },
    /** applyImport and waits for it; the union member when it was refused. */
    async apply(token: string, dryRunId: number): Promise<Job | Refusal> {
      const r = ok(await t.gql(ApplyImport, { id: dryRunId }, token)).applyImport;
      return r.__typename === 'ImportJob' ? waitFor(token, r.id) : r;
    },
    waitFor,
    async exportStations(token: string, format: 'csv' | 'xlsx', city?: string) {
      const res = await fetch(`${base}/api/export/stations.${format}${city ? `?city=${city}` : ''}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: res.status,
        bytes: new Uint8Array(await res.arrayBuffer()),
        type: res.headers.get('content-type'),
      };
    },
    close: () => server.close(),
  };
}
