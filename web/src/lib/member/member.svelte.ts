// The green-points member on this phone: member code and member token kept in localStorage (no
// personal data), and the member's API calls, sent with the member token, not a staff session.
import { gql } from '../api.ts';

export interface StoredMember {
  memberCode: string;
  token: string;
  expiresAt: string;
}

const KEY = 'recycle.member';

function load(): StoredMember | null {
  try {
    const raw = localStorage.getItem(KEY);
    const m = raw ? (JSON.parse(raw) as StoredMember) : null;
    return m && new Date(m.expiresAt).getTime() > Date.now() ? m : null;
  } catch {
    return null;
  }
}

class MemberStore {
  current = $state<StoredMember | null>(load());

  set(m: StoredMember): void {
    this.current = m;
    localStorage.setItem(KEY, JSON.stringify(m));
  }

  clear(): void {
    this.current = null;
    localStorage.removeItem(KEY);
  }
}

export const memberStore = new MemberStore();

export interface Entry { kind: 'CREDIT' | 'REVERSAL' | 'VOUCHER'; points: number; at: string; stationName: string | null }
export interface Voucher { code: string | null; value: number; points: number; expiresAt: string; redeemedAt: string | null; redeemedAtStation: string | null }
export interface Campaign { code: string; nameZh: string; nameEn: string; startsOn: string; endsOn: string; voucherPoints: number; voucherValue: number;
  rates: { materialCode: string; outcome: string; pointsPerItem: number }[] }
export interface MemberView { memberCode: string; balance: number; entries: Entry[]; vouchers: Voucher[] }

const SESSION = 'memberCode token expiresAt';

export async function join(): Promise<StoredMember & { secret: string }> {
  return (await gql<{ joinAsMember: StoredMember & { secret: string } }>(`mutation Join { joinAsMember { ${SESSION} secret } }`, {}, { token: null })).joinAsMember;
}

export async function recover(memberCode: string, secret: string): Promise<StoredMember> {
  const m = `mutation Recover($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { ${SESSION} } }`;
  return (await gql<{ memberSignIn: StoredMember }>(m, { c: memberCode, s: secret }, { token: null })).memberSignIn;
}

export async function loadMember(token: string): Promise<{ member: MemberView | null; campaigns: Campaign[] }> {
  const q = `query Member { member { memberCode balance
      entries(first: 50) { edges { node { kind points at stationName } } }
      vouchers { code value points expiresAt redeemedAt redeemedAtStation } }
    pointsCampaigns { code nameZh nameEn startsOn endsOn voucherPoints voucherValue rates { materialCode outcome pointsPerItem } } }`;
  const d = await gql<{ member: (Omit<MemberView, 'entries'> & { entries: { edges: { node: Entry }[] } }) | null; pointsCampaigns: Campaign[] }>(q, {}, { token });
  return {
    member: d.member ? { ...d.member, entries: d.member.entries.edges.map((e) => e.node) } : null,
    campaigns: d.pointsCampaigns,
  };
}

/** Throws the API's refusal (not enough points, budget used up) as an Error with its message. */
export async function issueVoucher(token: string, idempotencyKey: string): Promise<Voucher> {
  const m = `mutation Issue($k: String!) { issueVoucher(idempotencyKey: $k) { __typename
    ... on IssueVoucherPayload { voucher { code value points expiresAt redeemedAt redeemedAtStation } } ... on Error { message } } }`;
  const r = (await gql<{ issueVoucher: { __typename: string; message?: string; voucher?: Voucher } }>(m, { k: idempotencyKey }, { token })).issueVoucher;
  if (!r.voucher) throw new Error(r.message ?? r.__typename);
  return r.voucher;
}
