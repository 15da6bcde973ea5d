// Run by the agreement case in a process of its own: builds the label set, computes agreement with
// 1,000 resamples once, and prints the process's peak resident memory (rows included) as JSON.
import { computeAgreement } from '../domain/agreement/compute';
import { labelSet } from './cases/agreement';

const recordings = Number(process.argv[2]);
const rows = labelSet(recordings);
const t = performance.now();
computeAgreement(rows, { a: 'examiner-a', b: 'examiner-b', bootstrap: 1000, seed: 1 });
const ms = performance.now() - t;
// maxRSS is in KiB.
console.log(JSON.stringify({ ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
