// Period presets for the 11.11 campaign: the whole campaign (livestream pre-sales from Oct 20 to
// the Nov 11 peak), the first sales period (Nov 1-3) and the peak day.
export const PRESETS = ['campaign', 'nov1to3', 'nov11'] as const;
export type Preset = (typeof PRESETS)[number];

/** The campaign year: this year's from Oct 20 on, else last year's. */
export function campaignYear(today: string): number {
  const y = Number(today.slice(0, 4));
  return today >= `${y}-10-20` ? y : y - 1;
}

export function presetPeriod(preset: Preset, year: number): { from: string; to: string } {
  switch (preset) {
    case 'campaign':
      return { from: `${year}-10-20`, to: `${year}-11-11` };
    case 'nov1to3':
      return { from: `${year}-11-01`, to: `${year}-11-03` };
    case 'nov11':
      return { from: `${year}-11-11`, to: `${year}-11-11` };
  }
}

/** Today in China, where every station is. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
