// @recycle/seeds: deterministic demo data (stations, drop-offs, pickups) and the reference data
// (cities, materials, emission factor sets) every environment needs.
export { seedDatabase, isSeeded, seedState, type SeedOptions, type SeedSummary } from './load.ts';
export { seedReference, syncReferenceFactorSets, CITIES, MATERIALS, FACTOR_SETS } from './reference.ts';
export {
  CN_2026_ROUTES,
  deriveRecycling,
  incineration,
  landfill,
  recyclingCredit,
  GWP_CH4,
  type Param,
  type RouteParams,
  type Evidence,
} from './factors/index.ts';
export type { CitySeed, MaterialSeed, FactorSeed, FactorSetSeed, FactorUnit, Outcome } from './reference.ts';
export { DEMO_ACCOUNTS, type DemoAccount, type Role } from './demo-accounts.ts';
export { generateStations, stationsPerCity, DEMO_STATION_CODE, type StationSeed, type StationPlan } from './network.ts';
export {
  generateStationHistory,
  VOID_REASON,
  type DropOffSeed,
  type PickupSeed,
  type StationHistory,
} from './history.ts';
export { historyDays, campaignFor, localDayOf, type Campaign } from './calendar.ts';
export { createRng, deriveRng, type Rng } from './prng.ts';
export { createProgressDisplay, type ProgressDisplay, type ProgressFn } from './progress.ts';
export { cityGeography, districtAt, onLandInDistrict, type CityGeography } from './geography.ts';
