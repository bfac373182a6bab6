// The green-points member on this phone: member code and member token kept in localStorage (no
// personal data), and the member's API calls, sent with the member token, not a staff session.
import { request, unwrapResult } from '../api.ts';
import type { ResultOf } from '../graphql.ts';
import {
  IssueVoucherMutation,
  JoinMutation,
  MemberQuery,
  MemberSignOutMutation,
  RecoverMutation,
} from './documents.ts';

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

export type MemberData = ResultOf<typeof MemberQuery>;
export type Campaign = MemberData['pointsCampaigns'][number];
type RawMember = NonNullable<MemberData['member']>;
export type Voucher = RawMember['vouchers'][number];
export type MemberView = Omit<RawMember, 'entries'> & { entries: RawMember['entries']['edges'][number]['node'][] };

export async function join() {
  return (await request(JoinMutation, {}, { token: null })).joinAsMember;
}

export async function recover(memberCode: string, secret: string): Promise<StoredMember> {
  return (await request(RecoverMutation, { c: memberCode, s: secret }, { token: null })).memberSignIn;
}

export async function loadMember(token: string): Promise<{ member: MemberView | null; campaigns: Campaign[] }> {
  const d = await request(MemberQuery, {}, { token });
  return {
    member: d.member ? { ...d.member, entries: d.member.entries.edges.map((e) => e.node) } : null,
    campaigns: d.pointsCampaigns,
  };
}

/**
 * Throws the API's refusal (not enough points, budget used up) as a ResultError with its code, so
 * errorText says it in the member's language.
 */
export async function issueVoucher(token: string, idempotencyKey: string): Promise<Voucher> {
  const r = unwrapResult((await request(IssueVoucherMutation, { k: idempotencyKey }, { token })).issueVoucher);
  return r.voucher;
}

/** Signs the member out on every device (the server refuses all their tokens); needs the network. */
export async function signOutEverywhere(token: string): Promise<void> {
  await request(MemberSignOutMutation, {}, { token, timeoutMs: 8000 });
}
