import type { Bilingual } from './index.ts';

// Keys start with "report.".
const dict: Bilingual = {
  zh: {},
  en: {},
};
export default dict;
