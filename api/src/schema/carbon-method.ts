// The versioned carbon method every report names (domain/carbon-method.ts).
import { CARBON_METHOD, DISPLACEMENT_SCENARIOS, type CarbonMethod } from '../domain/carbon-method.ts';
import { builder } from './builder.ts';

export const CarbonMethodRef = builder.objectRef<CarbonMethod>('CarbonMethod').implement({
  description:
    'The carbon method (text, rules and default factor set), versioned and approved; every report, CSV and printed PDF names it.',
  fields: (t) => ({
    version: t.exposeString('version'),
    approvedBy: t.exposeString('approvedBy'),
    approvedOn: t.field({ type: 'Date', resolve: (m) => m.approvedOn }),
    document: t.exposeString('document', { description: 'Where the method is written down, in the repository.' }),
    defaultFactorSet: t.exposeString('defaultFactorSet', {
      description: 'The factor set this version of the method makes the default.',
    }),
    displacementScenarios: t.floatList({
      description: "The displacement scenarios reports and the method page offer beside a set's own rate.",
      resolve: () => [...DISPLACEMENT_SCENARIOS],
    }),
  }),
});

builder.queryField('carbonMethod', (t) =>
  t.field({ type: CarbonMethodRef, authScopes: { signedIn: true }, resolve: () => CARBON_METHOD }),
);
