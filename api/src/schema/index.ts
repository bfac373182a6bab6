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
import './carbon-report.ts';
import './factor-set-mutations.ts';
import './needs-action.ts';
import './auth.ts';
import './user.ts';
import './account-mutations.ts';
import './import-job.ts';
import './station-lifecycle.ts';
import './device.ts';

export const schema = builder.toSchema({ sortSchema: true });
