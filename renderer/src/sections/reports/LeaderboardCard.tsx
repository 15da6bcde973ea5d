import type { AgreementReport, AgreementResult, LeaderboardEntry } from '../../../../contract/reports';
import { reportCharts } from '../../../../domain/report-charts/chart-configs';
import { ChartCanvas } from './ChartCanvas';
import { ci, fig, fixed, Notes, NotesList } from './figures';

function cells(r: AgreementResult, notes: Notes) {
  return (
    <>
      <td>
        {r.nRecordings} / {r.nSteps}
      </td>
      <td>
        {fig(r.step.qwk, notes)} {ci(r.intervals?.qwk, r.step.qwk.reason)}
      </td>
      <td>{fig(r.step.ac1, notes)}</td>
      <td>{fig(r.step.exact, notes)}</td>
      <td>
        {fig(r.binary.mcc, notes)} {ci(r.intervals?.mcc, r.binary.mcc.reason)}
      </td>
      <td>{fig(r.overall.plcc, notes)}</td>
    </>
  );
}

function perStation(r: AgreementResult, notes: Notes) {
  const stations = r.perStation ?? [];
  if (stations.length < 2) return null;
  return (
    <span className="per-station">
      {stations.map((s) => (
        <span key={s.station}>
          {s.station} PLCC {fig(s.overall.plcc, notes, 2)}
        </span>
      ))}
    </span>
  );
}

function entryRow(e: LeaderboardEntry, notes: Notes) {
  return (
    <tr key={e.config.key} data-testid="leaderboard-row">
      <td>{e.rank ?? '—'}</td>
      <td>
        <span className="model-label">{e.config.label}</span> <span className="tag model">model suggestion</span>
        <div className="muted small">
          {e.config.source === 'app'
            ? 'run in the app'
            : e.config.source === 'demo'
              ? 'demo data'
              : 'imported predictions'}
          {perStation(e.result, notes)}
        </div>
      </td>
      {cells(e.result, notes)}
    </tr>
  );
}

export function LeaderboardCard({ report }: { report: AgreementReport }) {
  const lb = report.leaderboard;
  const notes = new Notes();
  const charts = reportCharts(report, { static: false }).filter((c) => c.id.startsWith('leaderboard'));
  const groups = (['score', 'binary'] as const).map((task) => ({
    task,
    entries: lb.entries.filter((e) => e.config.task === task),
  }));
  const rows = groups.flatMap(({ task, entries }) =>
    entries.length === 0
      ? []
      : [
          <tr key={`group-${task}`} className="group">
            <td colSpan={8}>
              {task === 'score' ? 'Step scores, ranked by step κ' : 'Correct/error judgments, ranked by MCC'}
            </td>
          </tr>,
          ...entries.map((e) => entryRow(e, notes)),
        ],
  );
  const ceiling = lb.ceiling ? (
    <tr className="context" data-testid="leaderboard-ceiling">
      <td />
      <td>
        <strong>Examiners here</strong> (first vs second to submit): the ceiling
      </td>
      {cells(lb.ceiling.result, notes)}
    </tr>
  ) : null;
  return (
    <section className="card" data-testid="leaderboard">
      <h2>Model leaderboard</h2>
      <p className="muted">
        Every model configuration run on or imported for these recordings, against the final scores. Figures describe
        model suggestions: assistance only, examiners decide.
      </p>
      {lb.entries.length === 0 ? (
        <p className="muted">No model has been run on, or imported for, these recordings yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Rank</th>
              <th>Configuration</th>
              <th>Rec. / steps</th>
              <th>Step κ</th>
              <th>AC1</th>
              <th>Exact</th>
              <th>MCC</th>
              <th>PLCC</th>
            </tr>
          </thead>
          <tbody>
            {rows}
            <tr className="group">
              <td colSpan={8}>Context: the examiners here, and the published SiMing-Bench figures</td>
            </tr>
            {ceiling}
            <tr className="context muted">
              <td />
              <td>Physicians in SiMing-Bench (published)</td>
              <td />
              <td>{fixed(lb.paper.physicians.kappa, 3)}</td>
              <td />
              <td />
              <td />
              <td>{fixed(lb.paper.physicians.plcc, 3)}</td>
            </tr>
            <tr className="context muted">
              <td />
              <td>Best model in SiMing-Bench (published)</td>
              <td />
              <td>≈ {fixed(lb.paper.bestModel.stepKappaAtMost, 2)}</td>
              <td />
              <td />
              <td>{fixed(lb.paper.bestModel.binaryMcc, 3)}</td>
              <td>{fixed(lb.paper.bestModel.plcc, 3)}</td>
            </tr>
          </tbody>
        </table>
      )}
      <NotesList notes={notes} />
      <div className="chart-grid">
        {charts.map((c) => (
          <ChartCanvas key={c.id} spec={c} />
        ))}
      </div>
    </section>
  );
}
