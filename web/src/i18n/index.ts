// All dictionaries merged. Keys are namespaced by feature ("map.", "station.", "report.").
import common from './common.ts';
import map from './map.ts';
import station from './station.ts';
import report from './report.ts';
import account from './account.ts';
import admin from './admin.ts';
import adminConsole from './admin-console.ts';
import consumer from './consumer.ts';
import serverMessages from './server-messages/index.ts';

export type Dictionary = Record<string, string>;
export interface Bilingual {
  zh: Dictionary;
  en: Dictionary;
}

const all: Bilingual[] = [common, map, station, report, consumer, account, admin, adminConsole, serverMessages];

export const dictionaries: Bilingual = {
  zh: Object.assign({}, ...all.map((d) => d.zh)),
  en: Object.assign({}, ...all.map((d) => d.en)),
};
