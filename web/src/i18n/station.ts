import type { Bilingual } from './index.ts';

// Keys start with "station.".
const dict: Bilingual = {
  zh: {},
  en: {},
};
export default dict;
