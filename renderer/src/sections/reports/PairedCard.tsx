import type { ReactNode } from 'react';
import type { AgreementReport, PairedComparison, PairedFigure } from '../../../../contract/reports';
import { ci, fig, Notes, NotesList, type Writing } from './figures';

// The letters the difference "B − A" refers to; the same in every language.
const SIDE_A = 'A: ';
const SIDE_B = 'B: ';

function sidesOf(w: Writing, kind: PairedComparison['kind']): { a: string; b: string } {
  return kind === 'full-vs-clips'
    ? { a: `A: ${w.t('reports:paired.sides.fullVideo')}`, b: `B: ${w.t('reports:paired.sides.stepClips')}` }
    : { a: `A: ${w.t('reports:paired.sides.stepScores')}`, b: `B: ${w.t('reports:paired.sides.correctError')}` };
}

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
        {fig(d, notes)} {d.value === null ? null : ci(notes.w, f.interval ?? undefined)}
      </td>
    </tr>
  );
}

function Comparison({ w, p }: { w: Writing; p: PairedComparison }) {
  const notes = new Notes(w);
  const sides = sidesOf(w, p.kind);
  return (
    <div className="paired" data-testid="paired-comparison">
      <h3>
        {w.t(`reports:paired.kinds.${p.kind}`)}: {p.a.model}
      </h3>
      <p className="muted small">
        {SIDE_A}
        <span className="model-label">{p.a.label}</span>
        <br />
        {SIDE_B}
        <span className="model-label">{p.b.label}</span>
        <br />
        {w.t('reports:paired.figureLine', { measure: w.t(`reports:paired.measures.${p.figure}`) })}
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>{w.t('reports:paired.items')}</th>
            <th>{w.t('reports:paired.recordingsSteps')}</th>
            <th>{sides.a}</th>
            <th>{sides.b}</th>
            <th>{w.t('reports:paired.difference')}</th>
          </tr>
        </thead>
        <tbody>
          <Row
            label={<strong>{w.t('reports:paired.allSteps')}</strong>}
            f={p.overall}
            notes={notes}
            testId="paired-overall"
          />
          {p.perStation.map((s) => (
            <Row
              key={s.station}
              label={w.t('reports:paired.stationRow', { station: s.station.toUpperCase() })}
              f={s}
              notes={notes}
            />
          ))}
        </tbody>
      </table>
      <details className="paired-steps">
        <summary>{w.t('reports:paired.perStep', { count: p.perStep.length })}</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th>{w.t('reports:paired.step')}</th>
              <th>{w.t('reports:paired.recordingsSteps')}</th>
              <th>{sides.a}</th>
              <th>{sides.b}</th>
              <th>{w.t('reports:paired.difference')}</th>
            </tr>
          </thead>
          <tbody>
            {p.perStep.map((s) => (
              <Row key={s.stepId} label={s.title} f={s} notes={notes} />
            ))}
          </tbody>
        </table>
      </details>
      <NotesList notes={notes} />
    </div>
  );
}

/** The paper's four tasks side by side: one configuration run two ways, compared on the steps both cover. */
export function PairedCard({ w, report }: { w: Writing; report: AgreementReport }) {
  const paired = report.leaderboard.paired;
  return (
    <section className="card" data-testid="paired">
      <h2>{w.t('reports:paired.title')}</h2>
      <p className="muted">{w.t('reports:paired.intro')}</p>
      {paired.length === 0 ? (
        <p className="muted">{w.t('reports:paired.none')}</p>
      ) : (
        paired.map((p) => <Comparison key={`${p.kind}:${p.a.key}:${p.b.key}`} w={w} p={p} />)
      )}
    </section>
  );
}
