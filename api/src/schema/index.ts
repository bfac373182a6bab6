// Imports every domain module (each registers its types and fields) and builds the schema.
import { builder } from './builder.ts';
import './scalars.ts';
import './errors.ts';
import './city.ts';
import './material.ts';
import './factor-set.ts';
import './totals.ts';
import './station.ts';
import './station-mutations.ts';
import './map.ts';
import './drop-off.ts';
import './summary.ts';
import './carbon-method.ts';
import './carbon-report.ts';
import './carbon-sensitivity.ts';
import './factor-set-mutations.ts';
import './needs-action.ts';
import './auth.ts';
import './points.ts';
import './points-mutations.ts';
import './points-stats.ts';
import './find.ts';

export const schema = builder.toSchema({ sortSchema: true });
