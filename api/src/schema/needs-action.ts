// "Needs action": the FULL and STALE stations of a city, waiting longest first (map dashboard).
import { STALE_AFTER_MS, type EffectiveStatus } from '../domain/status.ts';
import { needsActionStations, type StationRow } from '../repositories/station.ts';
import { builder } from './builder.ts';
import { listCost } from './cost.ts';
import { StationRef, StationStatusEnum } from './station.ts';
import { requireKnownCity } from './city.ts';

interface NeedsActionShape {
  station: StationRow;
  status: EffectiveStatus;
  since: Date;
}

const NeedsActionRef = builder.objectRef<NeedsActionShape>('NeedsAction').implement({
  description: 'A station that needs someone to go there.',
  fields: (t) => ({
    station: t.field({ type: StationRef, resolve: (n) => n.station }),
    status: t.field({ type: StationStatusEnum, description: 'FULL or STALE.', resolve: (n) => n.status }),
    since: t.field({
      type: 'DateTime',
      description: 'STALE: the last report. FULL: the last pickup (the bin has filled since). Never: when the station was created.',
      resolve: (n) => n.since,
    }),
  }),
});

builder.queryField('needsAction', (t) =>
  t.field({
    type: [NeedsActionRef],
    description: 'FULL and STALE stations of a city, waiting longest first.',
    args: {
      cityCode: t.arg.string({ required: true, validate: { maxLength: 8 } }),
      first: t.arg.int({ required: false, validate: { min: 1, max: 200 }, description: 'Default 50.' }),
    },
    complexity: (args) => listCost(args.first, 50, 200),
    authScopes: (_r, args) => ({ readCity: args.cityCode }),
    resolve: async (_r, args, ctx) => {
      await requireKnownCity(ctx, args.cityCode, 'cityCode');
      const rows = await needsActionStations(ctx.db, args.cityCode, new Date(ctx.now.getTime() - STALE_AFTER_MS), args.first ?? 50);
      return rows.map(({ effective_status, since, ...station }) => ({ station, status: effective_status, since }));
    },
  }),
);
