import type { ReactNode } from 'react';
import type { AgreementReport, PairedComparison, PairedFigure } from '../../../../contract/reports';
import { PAIRED_FIGURES, PAIRED_TITLES } from '../../../../domain/report-charts/words';
import { ci, fig, Notes, NotesList } from './figures';

const SIDES = {
  'full-vs-clips': { a: 'A: full video', b: 'B: step clips' },
  'score-vs-binary': { a: 'A: step scores', b: 'B: correct/error' },
} as const;

function Row({ label, f, notes, testId }: { label: ReactNode; f: PairedFigure; notes: Notes; testId?: string }) {
  const d = f.difference;
  const ci95 = f.interval;
  // Coloured only when the interval leaves out 0: otherwise the two ways are not told apart.
  const direction =
    d.value === null || !ci95 || ci95.low === null || ci95.high === null
      ? ''
      : ci95.low > 0
        ? 'better'
        : ci95.high < 0
          ? 'worse'
          : '';
  return (
    <tr data-testid={testId}>
      <td>{label}</td>
      <td>
        {f.recordings} / {f.steps}
      </td>
      <td>{fig(f.a, notes)}</td>
      <td>{fig(f.b, notes)}</td>
      <td className={direction}>
        {fig(d, notes)} {d.value === null ? null : ci(f.interval ?? undefined)}
      </td>
    </tr>
  );
}

function Comparison({ p }: { p: PairedComparison }) {
  const notes = new Notes();
  const sides = SIDES[p.kind];
  return (
    <div className="paired" data-testid="paired-comparison">
      <h3>
        {PAIRED_TITLES[p.kind]}: {p.a.model}
      </h3>
      <p className="muted small">
        A: <span className="model-label">{p.a.label}</span>
        <br />
        B: <span className="model-label">{p.b.label}</span>
        <br />
        Figure: {PAIRED_FIGURES[p.figure]}, on the steps both cover. The difference is B − A, with a paired bootstrap
        95% interval (the same recordings drawn for both); it is coloured when the interval leaves out 0.
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>Items</th>
            <th>Recordings / steps</th>
            <th>{sides.a}</th>
            <th>{sides.b}</th>
            <th>B − A [95% CI]</th>
          </tr>
        </thead>
        <tbody>
          <Row label={<strong>All steps both cover</strong>} f={p.overall} notes={notes} testId="paired-overall" />
          {p.perStation.map((s) => (
            <Row key={s.station} label={`Station ${s.station.toUpperCase()}`} f={s} notes={notes} />
          ))}
        </tbody>
      </table>
      <details className="paired-steps">
        <summary>Per step ({p.perStep.length})</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th>Step</th>
              <th>Recordings / steps</th>
              <th>{sides.a}</th>
              <th>{sides.b}</th>
              <th>B − A [95% CI]</th>
            </tr>
          </thead>
          <tbody>
            {p.perStep.map((s) => (
              <Row
                key={s.stepId}
                label={
                  <>
                    {s.title} <span className="muted small">{s.stepId}</span>
                  </>
                }
                f={s}
                notes={notes}
              />
            ))}
          </tbody>
        </table>
      </details>
      <NotesList notes={notes} />
    </div>
  );
}

/** The paper's four tasks side by side: one configuration run two ways, compared on the steps both cover. */
export function PairedCard({ report }: { report: AgreementReport }) {
  const paired = report.leaderboard.paired;
  return (
    <section className="card" data-testid="paired">
      <h2>The four tasks side by side</h2>
      <p className="muted">
        A model configuration run on full videos and on step clips, or asked for step scores and for correct/error,
        compared with itself on exactly the steps both runs cover.
      </p>
      {paired.length === 0 ? (
        <p className="muted">No configuration has been run both ways on the same recordings yet.</p>
      ) : (
        paired.map((p) => <Comparison key={`${p.kind}:${p.a.key}:${p.b.key}`} p={p} />)
      )}
    </section>
  );
}
