import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { computeAgreement, type LabelRow } from '../../domain/agreement/compute';
import { mulberry32 } from '../../domain/agreement/bootstrap';
import { measurePair, withRatios, type CaseResult } from '../lib';

/** Seeded label set: 3,000 recordings x 33 steps, two raters who mostly agree. */
export function labelSet(recordings = 3000, steps = 33, seed = 42): LabelRow[] {
  const rnd = mulberry32(seed);
  const rows: LabelRow[] = [];
  const stepIds = Array.from({ length: steps }, (_, s) => `s${s}`);
  for (let r = 0; r < recordings; r++) {
    // One id string per recording, as the report builds its rows (String(recording.id) once per recording).
    const recordingId = `r${r}`;
    for (let s = 0; s < steps; s++) {
      const max = [1, 2, 4][s % 3]!;
      const a = rnd() < 0.75 ? max : Math.floor(rnd() * max);
      const b = rnd() < 0.85 ? a : Math.floor(rnd() * (max + 1));
      rows.push({ recordingId, stepId: stepIds[s]!, maxScore: max, rater: 'examiner-a', score: a });
      rows.push({ recordingId, stepId: stepIds[s]!, maxScore: max, rater: 'examiner-b', score: b });
    }
  }
  return rows;
}

const RECORDINGS = 30_000;

/** Peak memory of one computation with 1,000 resamples, in a fresh process (rows included). */
function peakMemory(): { ms: number; peakRssMiB: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '..', 'agreement-memory.ts'), String(RECORDINGS)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`agreement-memory.ts failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; peakRssMiB: number };
}

/** Case 4: agreement on 30,000 recordings x 33 steps with 1,000 bootstrap resamples; the same computation without resampling is the baseline. */
export async function agreementCase(runs: number): Promise<CaseResult> {
  const rows = labelSet(RECORDINGS);
  const [base, cand] = await measurePair(
    ['agreement, no bootstrap', () => computeAgreement(rows, { a: 'examiner-a', b: 'examiner-b' })],
    [
      'agreement + 1,000 bootstrap resamples',
      () => computeAgreement(rows, { a: 'examiner-a', b: 'examiner-b', bootstrap: 1000, seed: 1 }),
    ],
    runs,
  );
  const memory = peakMemory();
  return withRatios({
    id: 'agreement',
    title: `Agreement on ${RECORDINGS.toLocaleString('en')} recordings x 33 steps, two raters`,
    series: [base, cand],
    baseline: base.name,
    target: {
      description: `under 2 s and 400 MiB with 1,000 resamples (median ${(cand.median / 1000).toFixed(2)} s, peak RSS ${Math.round(memory.peakRssMiB)} MiB in a process of its own)`,
      met: cand.median < 2000 && memory.peakRssMiB < 400,
    },
    notes: { rows: rows.length, peakRssMiB: Math.round(memory.peakRssMiB), msInMemoryRun: Math.round(memory.ms) },
  });
}
