// Every reference emission factor set, in publication order. The first editions (2021-2025) are
// kept word for word so databases that already hold them and new databases agree.
import { CAINIAO_2021 } from './cainiao.ts';
import { CN_2026 } from './china.ts';
import { DESNZ_2023, DESNZ_2023_R2, DESNZ_2025, DESNZ_2025_R2 } from './uk-us.ts';
import type { FactorSetSeed } from './types.ts';

export type { Evidence, FactorSeed, FactorSetSeed, FactorUnit, Outcome } from './types.ts';
export { CN_2026_ROUTES } from './china.ts';
export {
  deriveRecycling,
  incineration,
  landfill,
  recyclingCredit,
  GWP_CH4,
  type Param,
  type RouteParams,
} from './china-derivation.ts';

export const FACTOR_SETS: readonly FactorSetSeed[] = [
  DESNZ_2025,
  DESNZ_2023,
  CAINIAO_2021,
  CN_2026,
  DESNZ_2025_R2,
  DESNZ_2023_R2,
];
