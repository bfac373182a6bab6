import { citiesByCodes, listCities } from '../repositories/city.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../domain/errors.ts';
import { builder } from './builder.ts';

export const CityRef = builder.loadableNodeRef('City', {
  id: { resolve: (c) => c.code },
  load: (codes: string[], ctx: Context) => citiesByCodes(ctx.db, codes),
  sort: (c) => c.code,
});

CityRef.implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    nameZh: t.exposeString('name_zh'),
    nameEn: t.exposeString('name_en'),
    centerLat: t.exposeFloat('center_lat'),
    centerLng: t.exposeFloat('center_lng'),
    timezone: t.exposeString('timezone'),
  }),
});

builder.queryFields((t) => ({
  cities: t.field({ type: [CityRef], resolve: (_r, _a, ctx) => listCities(ctx.db) }),
  city: t.field({
    type: CityRef,
    nullable: true,
    args: { code: t.arg.string({ required: true, validate: { maxLength: 8 } }) },
    resolve: async (_r, args, ctx) => (await citiesByCodes(ctx.db, [args.code]))[0] ?? null,
  }),
}));

/**
 * Checks a city filter: an unknown code is a NotFoundError on `field`, never an empty (zero) answer.
 * Example: await requireKnownCity(ctx, args.cityCode, 'cityCode') // null/undefined: no filter
 */
export async function requireKnownCity(ctx: Context, code: string | null | undefined, field: string): Promise<void> {
  if (code == null) return;
  if (!(await ctx.loaders.cities()).some((c) => c.code === code)) throw new NotFoundError('City', code, field);
}
