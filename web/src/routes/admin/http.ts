// The console's file transfers, over the API's plain HTTP routes beside GraphQL (same bearer
// token): uploading an import file (its dry run then runs on the server; poll importJob), and
// downloading the registry export.
import { ApiError, type MessageParams } from '../../lib/api.ts';
import { session } from '../../lib/session.svelte.ts';

function authHeaders(): Record<string, string> {
  return session.token ? { authorization: `Bearer ${session.token}` } : {};
}

async function failure(res: Response): Promise<ApiError> {
  let message = `HTTP ${res.status}`;
  let reason: string | null = null;
  let params: MessageParams = {};
  try {
    const body = (await res.json()) as { error?: { message?: string; reason?: string; params?: MessageParams } };
    if (body.error?.message) message = body.error.message;
    reason = body.error?.reason ?? null;
    params = body.error?.params ?? {};
  } catch {
    /* not JSON: keep the status */
  }
  if (res.status === 401) return new ApiError('unauthenticated', message, undefined, [], reason, params);
  if (res.status === 403) return new ApiError('forbidden', message, undefined, [], reason, params);
  // A refused file (too large, bad input): shown by its code like any other input error.
  if (res.status === 400 || res.status === 413) return new ApiError('invalid', message, undefined, [], reason, params);
  return new ApiError('server', message, undefined, [], reason, params);
}

/** Sends the file; the server answers with the dry run's job id at once. */
export async function uploadImport(kind: 'stations' | 'staff', file: File): Promise<number> {
  let res: Response;
  try {
    res = await fetch(`/api/imports/${kind}`, {
      method: 'POST',
      headers: {
        ...authHeaders(),
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch (e) {
    throw new ApiError('unreachable', e instanceof Error ? e.message : String(e));
  }
  if (res.status !== 202) throw await failure(res);
  return ((await res.json()) as { id: number }).id;
}

/** Downloads the registry in the import format (the browser saves it as a file). */
export async function downloadExport(format: 'csv' | 'xlsx', city: string | null): Promise<void> {
  const res = await fetch(`/api/export/stations.${format}${city ? `?city=${encodeURIComponent(city)}` : ''}`, {
    headers: authHeaders(),
  });
  if (!res.ok) throw await failure(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `stations${city ? `-${city}` : ''}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
