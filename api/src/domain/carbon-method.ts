// The carbon method: the text (docs/carbon-method.md), the rules in domain/carbon*.ts and the
// default factor set, versioned together. Every report, CSV and printed PDF names this version,
// its approver and date; a test checks the document's header says the same.
export interface CarbonMethod {
  version: string;
  approvedBy: string;
  /** ISO date the version was approved. */
  approvedOn: string;
  /** Where the method is written down, in this repository. */
  document: string;
  /** The factor set this version makes the default. */
  defaultFactorSet: string;
}

export const CARBON_METHOD: CarbonMethod = {
  version: '2026.1',
  approvedBy: 'Sustainability lead, package-recycling programme (demo sign-off)',
  approvedOn: '2026-12-01',
  document: 'docs/carbon-method.md',
  defaultFactorSet: 'CN-2026',
};

/** The displacement scenarios the method page and the report offer beside a set's own rate. */
export const DISPLACEMENT_SCENARIOS = [0.5, 0.75, 1.0] as const;
