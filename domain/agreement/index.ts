/** Agreement statistics between two raters (SiMing-Bench protocol); pure, runs anywhere. */
export { categoryFromMax, isScoredBelowMax, type Category } from './categories';
export * from './metrics';
export {
  computeAgreement,
  recordingStatistics,
  AgreementInputError,
  type AgreementOptions,
  type AgreementResult,
  type BinaryAgreement,
  type CategoryOf,
  type LabelRow,
  type StationBreakdown,
  type StepAgreement,
  type StepBreakdown,
} from './compute';
export { DEFAULT_BOOTSTRAP_SEED, bootstrapIntervals, mulberry32, type AgreementIntervals, type ConfidenceInterval } from './bootstrap';
export { toAgreementJson, type AgreementJson } from './agreement-json';
export { LabelsFileError, parseLabelsCsv, assertRatersPresent, ratersIn, REQUIRED_LABEL_COLUMNS } from './labels-csv';
export { runAgreementCli, type AgreementCliOptions, type AgreementCliOutcome } from './cli-agreement';
