import type {
  AgreementReport,
  ErrorDetectionFigures,
  LeaderboardEntry,
  LeaderboardGroup,
  LeaderboardSettings,
  PublishedFigure,
} from '../../../../contract/reports';
import { reportCharts } from '../../../../domain/report-charts/chart-configs';
import { FIGURE_NAMES, GROUP_TITLES, STANDING_LABELS } from '../../../../domain/report-charts/words';
import { ChartCanvas } from './ChartCanvas';
import { ci, fig, fixed, Notes, NotesList } from './figures';
import { MinimumsForm } from './MinimumsForm';

function origin(e: LeaderboardEntry): string {
  if (e.config.source === 'app') return 'run in the app';
  return e.config.source === 'demo' ? 'demo data' : 'imported predictions';
}

function ConfigCell({ e }: { e: LeaderboardEntry }) {
  return (
    <td>
      <span className="model-label">{e.config.label}</span> <span className="tag model">model suggestion</span>
      <div className="muted small">{origin(e)}</div>
    </td>
  );
}

function CoverageCell({ e }: { e: LeaderboardEntry }) {
  const c = e.coverage;
  return (
    <td data-testid="coverage">
      {c.recordings} / {c.ofRecordings} recordings ({Math.round(c.fraction * 100)}%)
      <div className="muted small">
        {c.steps} / {c.ofSteps} steps
      </div>
      {c.notAssessable > 0 ? <div className="muted small">{c.notAssessable} steps not assessable</div> : null}
    </td>
  );
}

const percent = (m: ErrorDetectionFigures['predictedErrorRate'], notes: Notes) =>
  m.value === null ? fig(m, notes) : `${Math.round(m.value * 1000) / 10}%`;

function ErrorCells({ d, notes }: { d: ErrorDetectionFigures; notes: Notes }) {
  return (
    <>
      <td>{fig(d.precision, notes)}</td>
      <td>{fig(d.recall, notes)}</td>
      <td>{fig(d.f1, notes)}</td>
      <td>{percent(d.predictedErrorRate, notes)}</td>
    </>
  );
}

function RankedRow({ g, e, notes }: { g: LeaderboardGroup; e: LeaderboardEntry; notes: Notes }) {
  return (
    <tr data-testid="leaderboard-row">
      <td data-testid="rank">{e.rank}</td>
      <ConfigCell e={e} />
      <CoverageCell e={e} />
      <td>
        {fig(e.primary.metric, notes)} {ci(e.primary.interval ?? undefined, e.primary.metric.reason)}
      </td>
      <td>{e.standing ? <span className={`tag standing-${e.standing}`}>{STANDING_LABELS[e.standing]}</span> : '—'}</td>
      {g.task === 'score' ? (
        <>
          <td>{fig(e.result.step.ac1, notes)}</td>
          <td>{fig(e.result.step.exact, notes)}</td>
          <td>{fig(e.result.binary.mcc, notes)}</td>
          <td>{fig(e.result.overall.plcc, notes)}</td>
        </>
      ) : (
        <ErrorCells d={e.errorDetection} notes={notes} />
      )}
    </tr>
  );
}

const figureText = (f: PublishedFigure) => `${FIGURE_NAMES[f.figure]} ${fixed(f.value, 3)}`;

function Published({ g }: { g: LeaderboardGroup }) {
  const p = g.published;
  if (!p) return null;
  return (
    <div className="published" data-testid="published">
      <strong>Published (SiMing-Bench)</strong>
      <ul>
        {p.best.map((f) => (
          <li key={f.figure}>
            Best {figureText(f)}: {f.who} ({f.table})
            {f.sameModel.length > 0 ? (
              <span className="muted"> · same model: {f.sameModel.map(figureText).join(', ')}</span>
            ) : null}
          </li>
        ))}
        {p.physicians.map((f) => (
          <li key={`physicians-${f.figure}`}>
            {f.who}: {figureText(f)} ({f.table})
          </li>
        ))}
        {p.note ? <li className="muted">{p.note}</li> : null}
      </ul>
    </div>
  );
}

function ErrorDetectionTable({ g, ranked }: { g: LeaderboardGroup; ranked: LeaderboardEntry[] }) {
  const b = g.allErrorsBaseline;
  // Its own notes, shown inside: a footnote must not point into a closed section.
  const notes = new Notes();
  return (
    <details className="error-detection">
      <summary>Read as error detection (a step scored below its maximum is an error)</summary>
      <table className="table compact">
        <thead>
          <tr>
            <th>Rank</th>
            <th>Configuration</th>
            <th>Steps</th>
            <th>Precision</th>
            <th>Recall</th>
            <th>F1</th>
            <th>Predicted errors</th>
            <th>MCC</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((e) => (
            <tr key={e.config.key}>
              <td>{e.rank}</td>
              <td className="model-label">{e.config.model}</td>
              <td>{e.errorDetection.n}</td>
              <ErrorCells d={e.errorDetection} notes={notes} />
              <td>{fig(e.errorDetection.mcc, notes)}</td>
            </tr>
          ))}
          {b ? (
            <tr className="context muted" data-testid="all-errors-baseline">
              <td />
              <td>Calling every step an error (baseline)</td>
              <td>{b.n}</td>
              <ErrorCells d={b} notes={notes} />
              <td>{fig(b.mcc, notes)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <NotesList notes={notes} />
    </details>
  );
}

function GroupTable({ report, g }: { report: AgreementReport; g: LeaderboardGroup }) {
  const notes = new Notes();
  const entries = report.leaderboard.entries.filter((e) => e.group === g.key);
  const ranked = entries.filter((e) => e.rank !== null);
  const apart = entries.filter((e) => e.rank === null);
  const ceiling = report.leaderboard.ceiling?.result;
  const b = g.allErrorsBaseline;
  return (
    <div className="leaderboard-group" data-testid={`leaderboard-group-${g.key}`}>
      <h3>{GROUP_TITLES[g.key] ?? g.key}</h3>
      {g.problem ? (
        <p className="warning-text">Not ranked: {g.problem}.</p>
      ) : (
        <p className="muted small" data-testid="common-set">
          Ranked on the {g.commonSet.recordings} recordings and {g.commonSet.steps} steps every ranked entry covers.
          {g.leftOut > 0 ? (
            <> Left out for all: {g.leftOut} steps some entries did not score (not assessable or not judged).</>
          ) : null}
        </p>
      )}
      {ranked.length > 0 ? (
        <table className="table compact">
          <thead>
            <tr>
              <th>Rank</th>
              <th>Configuration</th>
              <th>Coverage</th>
              <th>{g.task === 'score' ? 'Step κ [95% CI]' : 'MCC [95% CI]'}</th>
              <th>Standing</th>
              {g.task === 'score' ? (
                <>
                  <th>AC1</th>
                  <th>Exact</th>
                  <th>MCC</th>
                  <th>PLCC</th>
                </>
              ) : (
                <>
                  <th>Precision</th>
                  <th>Recall</th>
                  <th>F1</th>
                  <th>Predicted errors</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {ranked.map((e) => (
              <RankedRow key={e.config.key} g={g} e={e} notes={notes} />
            ))}
            {g.task === 'binary' && b ? (
              <tr className="context muted" data-testid="all-errors-baseline">
                <td />
                <td>Calling every step an error (this data set's baseline)</td>
                <td>
                  {b.n} steps, {percent(b.prevalence, notes)} errors
                </td>
                <td>{fig(b.mcc, notes)}</td>
                <td />
                <ErrorCells d={b} notes={notes} />
              </tr>
            ) : null}
            {ceiling ? (
              <tr className="context" data-testid="leaderboard-ceiling">
                <td />
                <td>
                  <strong>Examiners here</strong> (first vs second to submit)
                </td>
                <td />
                <td>{fig(g.task === 'score' ? ceiling.step.qwk : ceiling.binary.mcc, notes)}</td>
                <td colSpan={5} />
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      {g.task === 'score' && ranked.length > 0 ? <ErrorDetectionTable g={g} ranked={ranked} /> : null}
      {apart.length > 0 ? (
        <table className="table compact unranked" data-testid="unranked">
          <thead>
            <tr>
              <th>Listed apart, not ranked</th>
              <th>Coverage</th>
              <th>Why not ranked</th>
            </tr>
          </thead>
          <tbody>
            {apart.map((e) => (
              <tr key={e.config.key} data-testid="unranked-row">
                <ConfigCell e={e} />
                <CoverageCell e={e} />
                <td>{e.unranked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Published g={g} />
      <NotesList notes={notes} />
    </div>
  );
}

export function LeaderboardCard({
  report,
  minimums,
  onMinimums,
}: {
  report: AgreementReport;
  minimums: LeaderboardSettings;
  onMinimums: (next: LeaderboardSettings) => void;
}) {
  const lb = report.leaderboard;
  const charts = reportCharts(report, { static: false }).filter((c) => c.id.startsWith('leaderboard'));
  return (
    <section className="card" data-testid="leaderboard">
      <h2>Model leaderboard</h2>
      <p className="muted">
        Every model configuration run on or imported for these recordings, against the final scores. Configurations are
        compared within each task (step scores or correct/error, on full videos or step clips), on the items every
        ranked one covers. Equal figures share a rank. Figures describe model suggestions: assistance only, examiners
        decide.
      </p>
      <MinimumsForm value={minimums} applied={lb.settings} onChange={onMinimums} />
      {lb.entries.length === 0 ? (
        <p className="muted">No model has been run on, or imported for, these recordings yet.</p>
      ) : (
        lb.groups.map((g) => <GroupTable key={g.key} report={report} g={g} />)
      )}
      <div className="chart-grid">
        {charts.map((c) => (
          <ChartCanvas key={c.id} spec={c} />
        ))}
      </div>
    </section>
  );
}
