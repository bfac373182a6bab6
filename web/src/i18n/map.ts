import type { Bilingual } from './index.ts';

// Keys start with "map.".
const dict: Bilingual = {
  zh: {},
  en: {},
};
export default dict;
