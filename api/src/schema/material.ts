// Package materials: what staff can log (the counter app's buttons) and what factors apply to.
import type { MaterialRow } from '../reference-cache.ts';
import { builder } from './builder.ts';

const MaterialRef = builder.objectRef<MaterialRow>('PackageMaterial').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    nameZh: t.exposeString('name_zh'),
    nameEn: t.exposeString('name_en'),
    typicalMassKg: t.exposeFloat('typical_mass_kg', {
      description: 'Used when an entry gives no mass: typical mass × quantity.',
    }),
    reusable: t.exposeBoolean('reusable', { description: 'Usually kept and handed out again (boxes).' }),
    factorMaterial: t.exposeString('factor_material', {
      description: 'The material class emission factors are published for.',
    }),
  }),
});

builder.queryField('materials', (t) =>
  t.field({ type: [MaterialRef], description: 'In display order.', resolve: (_r, _a, ctx) => ctx.loaders.materials() }),
);
