// The 11.11 campaign's periods and "today" in China: one definition for every page. The campaign
// runs from the livestream pre-sales (Oct 20) to the Nov 11 peak; Nov 1-3 is the first sales period.
export const CAMPAIGN_PERIODS = ['campaign', 'nov1to3', 'nov11'] as const;
export type CampaignPeriod = (typeof CAMPAIGN_PERIODS)[number];

const DAYS: Record<CampaignPeriod, [from: string, to: string]> = {
  campaign: ['10-20', '11-11'],
  nov1to3: ['11-01', '11-03'],
  nov11: ['11-11', '11-11'],
};

/** The campaign year: this year's from Oct 20 on, else last year's. */
export function campaignYear(today: string): number {
  const y = Number(today.slice(0, 4));
  return today >= `${y}-10-20` ? y : y - 1;
}

/** Example: campaignPeriod('nov1to3', 2026) → { from: '2026-11-01', to: '2026-11-03' } */
export function campaignPeriod(period: CampaignPeriod, year: number): { from: string; to: string } {
  const [from, to] = DAYS[period];
  return { from: `${year}-${from}`, to: `${year}-${to}` };
}

/** The date in China ('YYYY-MM-DD') at `now`, as the server files drop-offs (UTC+8, no daylight saving). */
export function chinaToday(now: Date | number = Date.now()): string {
  return new Date(+now + 8 * 3600_000).toISOString().slice(0, 10);
}
