// The API's coded messages (reason + params, api/src/domain/messages.ts) in both languages, one
// dictionary per area as the API's catalogue groups them: lib/errors.ts shows an error by its code
// when it is here, else the API's English message. One entry point: i18n/index.ts merges this.
// A unit test (tests/unit/server-messages.test.ts) keeps every code the API has translated here.
import type { Bilingual } from '../index.ts';
import fields from './fields.ts';
import generic from './generic.ts';
import signIn from './sign-in.ts';
import accounts from './accounts.ts';
import devices from './devices.ts';
import imports from './imports.ts';
import stations from './stations.ts';
import counter from './counter.ts';
import points from './points.ts';
import reports from './reports.ts';

const areas: Bilingual[] = [fields, generic, signIn, accounts, devices, imports, stations, counter, points, reports];

const dict: Bilingual = {
  zh: Object.assign({}, ...areas.map((a) => a.zh)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

export default dict;
