import { builtinRubric } from '../../domain/rubric/builtin';
import { loadLabDataset } from '../../services/reports/dataset';
import { exportReport } from '../../services/reports/exports';
import { openLab, type StepValues } from '../../tests/support/lab';
import { measurePair, withRatios, type CaseResult } from '../lib';

const N = 1000;
const SESSION = 'Year 3 spring';

/**
 * One exam session of 1,000 CPR recordings, each marked by two examiners and scored by one model
 * (a second session of the same size sits beside it, so the report reads its scope and nothing else).
 */
function seed() {
  const lab = openLab();
  const steps = builtinRubric('cpr')!.steps;
  lab.ctx.db.transaction(() => {
    const a = lab.examiner('Dr Ann Adams');
    const b = lab.examiner('Dr Ben Brown');
    const m = lab.model('bench-model');
    for (const name of [SESSION, 'Year 4 autumn']) {
      const session = lab.session(name);
      const station = lab.station(session, 'CPR-1', 'cpr');
      for (let i = 0; i < N; i++) {
        const id = lab.recording({ session, station, candidate: `${name.slice(5, 6)}${String(i).padStart(5, '0')}` });
        const vary = (k: number): StepValues =>
          Object.fromEntries(steps.map((s, j) => [s.id, (i * 31 + j * 7 + k) % 9 === 0 ? 0 : s.max_points]));
        lab.mark(id, a, vary(0));
        lab.mark(id, b, vary(3));
        lab.suggest(id, m, vary(5));
      }
    }
  })();
  return lab;
}

/** Case 6: the agreement report of one session as HTML, against reading that session's rows alone. */
export async function reportCase(runs: number): Promise<CaseResult> {
  const lab = seed();
  try {
    const db = lab.ctx.db;
    let bytes = 0;
    const [load, html] = await measurePair(
      [
        `read the session's rows (${N.toLocaleString('en')} recordings)`,
        () => loadLabDataset(db, { session: SESSION }),
      ],
      [
        'HTML report of the session',
        () => {
          bytes = exportReport(db, 'html', { session: SESSION }).content.length;
        },
      ],
      runs,
    );
    return withRatios({
      id: 'report',
      title: `Agreement report of one session of ${N.toLocaleString('en')} recordings (two examiners and a model on each)`,
      series: [load, html],
      baseline: load.name,
      target: {
        description: `HTML under 1.5 s (median ${(html.median / 1000).toFixed(2)} s, p95 ${(html.p95 / 1000).toFixed(2)} s)`,
        met: html.median < 1500,
      },
      notes: { htmlBytes: bytes },
    });
  } finally {
    lab.close();
  }
}
