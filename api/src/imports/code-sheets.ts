// Activation codes made by a staff import, held in this process's memory until the person who
// ran the import takes them (once): only hashes are stored, so this is the only copy. If they are
// lost (restart, closed tab), issueActivationCodes makes new ones per station.
export interface IssuedCode {
  userId: number;
  displayName: string;
  login: string;
  stationCode: string;
  code: string;
  link: string;
  expiresAt: Date;
}

const held = new Map<number, { ownerId: number; codes: IssuedCode[]; at: number }>();
const HOLD_MS = 72 * 3600_000;

export function holdCodes(jobId: number, ownerId: number, codes: IssuedCode[]): void {
  held.set(jobId, { ownerId, codes, at: Date.now() });
  for (const [id, h] of held) if (Date.now() - h.at > HOLD_MS) held.delete(id);
}

/** The codes of a job, once, to the person who ran it; null when taken, lost or not theirs. */
export function takeCodes(jobId: number, ownerId: number): IssuedCode[] | null {
  const h = held.get(jobId);
  if (!h || h.ownerId !== ownerId) return null;
  held.delete(jobId);
  return h.codes;
}

export const codesWaiting = (jobId: number): number => held.get(jobId)?.codes.length ?? 0;
