// Member codes on the counter: the same format and check character the API enforces, so a
// mistyped code is caught at the counter before it is queued (the rules live in the API's domain).
export { parseMemberCode } from '../../../../api/src/domain/points.ts';

/** A scan that starts like a member code (GM + 10): taken as the member, not as a waybill. */
export function looksLikeMemberCode(raw: string): boolean {
  return /^GM[0-9A-Z]{10}$/i.test(raw.trim().replace(/[\s-]/g, ''));
}
