// The public station finder (/find): the nearest stations taking drop-offs now, from a position
// (the phone's) or a city and district. Public fields only (domain/public-station.ts): no counts,
// no capacities, no staff. Anyone may ask, signed in or not.
import { InputError } from '../domain/errors.ts';
import { distanceKm } from '../domain/geo.ts';
import { BIN_FILL_BUCKETS, publicStatus, type PublicStationRow } from '../domain/public-station.ts';
import { STALE_AFTER_MS } from '../domain/status.ts';
import { citiesByCodes } from '../repositories/city.ts';
import { cityDistricts, districtStations, nearestStations } from '../repositories/public-station.ts';
import { builder } from './builder.ts';
import { listCost } from './cost.ts';
import { StationStatusEnum } from './station.ts';
import { msg } from '../domain/messages.ts';

const BinFillEnum = builder.enumType('BinFill', {
  description: 'Bin fill as a coarse bucket: EMPTY; LOW under 50 %; MEDIUM 50-80 %; HIGH 80-99 %; FULL.',
  values: BIN_FILL_BUCKETS,
});

type Found = PublicStationRow & { distance: number | null };

const FoundStationRef = builder.objectRef<Found>('FoundStation').implement({
  description: 'A station as the public sees it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    address: t.exposeString('address'),
    district: t.exposeString('district'),
    cityCode: t.exposeString('city_code'),
    lat: t.exposeFloat('lat'),
    lng: t.exposeFloat('lng'),
    distanceKm: t.float({
      nullable: true,
      description: 'From the position asked about (great circle), 2 decimals.',
      resolve: (s) => s.distance,
    }),
    status: t.field({ type: StationStatusEnum, resolve: (s, _a, ctx) => publicStatus(s, ctx.now).status }),
    accepting: t.boolean({
      description: 'Takes drop-offs now (status OPEN).',
      resolve: (s, _a, ctx) => publicStatus(s, ctx.now).accepting,
    }),
    binFill: t.field({ type: BinFillEnum, resolve: (s, _a, ctx) => publicStatus(s, ctx.now).binFill }),
    lastReportedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.last_reported_at }),
  }),
});

const DistrictRef = builder.objectRef<Awaited<ReturnType<typeof cityDistricts>>[number]>('District').implement({
  fields: (t) => ({
    name: t.exposeString('district'),
    stations: t.int({ resolve: (d) => Number(d.stations) }),
    lat: t.float({ description: 'Mean position of its stations.', resolve: (d) => Number(d.lat) }),
    lng: t.float({ resolve: (d) => Number(d.lng) }),
  }),
});

const round2 = (v: number) => Math.round(v * 100) / 100;

builder.queryFields((t) => ({
  findStations: t.field({
    type: [FoundStationRef],
    description:
      "Nearest stations first, from lat/lng (the phone's position), or from a district's or a city's centre. Default: only stations accepting drop-offs now, within 20 km.",
    args: {
      lat: t.arg.float({ required: false, validate: { min: -90, max: 90 } }),
      lng: t.arg.float({ required: false, validate: { min: -180, max: 180 } }),
      cityCode: t.arg.string({ required: false, validate: { maxLength: 8 } }),
      district: t.arg.string({ required: false, validate: { maxLength: 64 } }),
      acceptingOnly: t.arg.boolean({ required: false, defaultValue: true }),
      radiusKm: t.arg.float({ required: false, validate: { min: 0.1, max: 50 } }),
      first: t.arg.int({ required: false, validate: { min: 1, max: 50 } }),
    },
    complexity: (args) => listCost(args.first, 10, 50, 5),
    resolve: async (_r, args, ctx) => {
      const hasPoint = args.lat != null && args.lng != null;
      if ((args.lat == null) !== (args.lng == null))
        throw InputError.of(args.lat == null ? 'lat' : 'lng', msg('find.bothCoords'));
      if (!hasPoint && !args.cityCode) throw InputError.of('cityCode', msg('find.positionOrCity'));
      if (args.district && !args.cityCode) throw InputError.of('cityCode', msg('find.districtNeedsCity'));
      const staleBefore = new Date(ctx.now.getTime() - STALE_AFTER_MS);
      const acceptingOnly = args.acceptingOnly ?? true;
      const limit = args.first ?? 10;
      let origin: { lat: number; lng: number };
      let rows: PublicStationRow[];
      if (args.district) {
        const district = (await cityDistricts(ctx.db, args.cityCode!)).find((d) => d.district === args.district);
        if (!district)
          throw InputError.of(
            'district',
            msg('find.unknownDistrict', { district: args.district, city: args.cityCode! }),
          );
        origin = hasPoint
          ? { lat: args.lat!, lng: args.lng! }
          : { lat: Number(district.lat), lng: Number(district.lng) };
        rows = await districtStations(ctx.db, args.cityCode!, args.district, acceptingOnly, staleBefore);
      } else {
        if (hasPoint) origin = { lat: args.lat!, lng: args.lng! };
        else {
          const city = (await citiesByCodes(ctx.db, [args.cityCode!]))[0];
          if (!city) throw InputError.of('cityCode', msg('find.unknownCity', { city: args.cityCode! }));
          origin = { lat: city.center_lat, lng: city.center_lng };
        }
        rows = await nearestStations(ctx.db, {
          ...origin,
          radiusKm: args.radiusKm ?? 20,
          limit,
          acceptingOnly,
          staleBefore,
        });
        if (args.cityCode) rows = rows.filter((r) => r.city_code === args.cityCode);
      }
      return rows
        .map((r) => ({ ...r, distance: round2(distanceKm(origin.lat, origin.lng, r.lat, r.lng)) }))
        .sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code))
        .slice(0, limit);
    },
  }),
  cityDistricts: t.field({
    type: [DistrictRef],
    description: "The districts of a city that have stations (for the finder's district choice).",
    args: { cityCode: t.arg.string({ required: true, validate: { maxLength: 8 } }) },
    resolve: (_r, args, ctx) => cityDistricts(ctx.db, args.cityCode),
  }),
}));
