/**
 * Error detection read in full (positive = a step scored below its maximum): precision, recall,
 * F1 and MCC with the share of steps the rater called errors, and the "every step is an error"
 * baseline of the same items. SiMing-Bench's warning is the reason: a model that calls everything
 * an error gets recall 1 and a respectable F1, and only MCC and the predicted-error rate show it.
 */
import type { BinaryAgreement } from '../../domain/agreement/compute';
import { type BinaryCounts, type Metric, f1, mcc, precision, recall } from '../../domain/agreement/metrics';
import type { ErrorDetectionFigures } from '../../contract/reports';

const share = (part: number, n: number, what: string): Metric =>
  n > 0 ? { value: part / n } : { value: null, reason: `no ${what}` };

function figures(c: BinaryCounts, names: readonly [string, string]): ErrorDetectionFigures {
  const n = c.tp + c.fp + c.fn + c.tn;
  return {
    n,
    precision: precision(c, names),
    recall: recall(c, names),
    f1: f1(c),
    mcc: mcc(c, names),
    predictedErrorRate: share(c.tp + c.fp, n, 'steps compared'),
    prevalence: share(c.tp + c.fn, n, 'steps compared'),
  };
}

/** The figures of a rater compared with the final scores. */
export function errorDetection(b: BinaryAgreement): ErrorDetectionFigures {
  return figures(b, ['the final scores', 'the model']);
}

/**
 * Calling every one of the same items an error: P = prevalence p, R = 1, F1 = 2p/(1+p), MCC = 0,
 * computed by the same functions as every entry rather than written down.
 */
export function allErrorsBaseline(b: BinaryAgreement): ErrorDetectionFigures {
  const errors = b.tp + b.fn;
  const correct = b.fp + b.tn;
  return figures({ tp: errors, fp: correct, fn: 0, tn: 0 }, ['the final scores', 'calling every step an error']);
}
