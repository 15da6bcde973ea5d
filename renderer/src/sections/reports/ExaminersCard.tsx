import type { AgreementReport } from '../../../../contract/reports';
import { reportCharts } from '../../../../domain/report-charts/chart-configs';
import { ChartCanvas } from './ChartCanvas';
import { ci, fig, fixed, Notes, NotesList } from './figures';

export function ExaminersCard({ report }: { report: AgreementReport }) {
  const notes = new Notes();
  const charts = reportCharts(report, { static: false }).filter((c) => !c.id.startsWith('leaderboard'));
  const pairs = report.examinerPairs.map((p) => (
    <tr key={`${p.a.key}-${p.b.key}`}>
      <td>{p.a.name}</td>
      <td>{p.b.name}</td>
      <td>
        {p.result.nRecordings} / {p.result.nSteps}
      </td>
      <td>
        {fig(p.result.step.qwk, notes)} {ci(p.result.intervals?.qwk, p.result.step.qwk.reason)}
      </td>
      <td>{fig(p.result.step.ac1, notes)}</td>
      <td>{fig(p.result.step.exact, notes)}</td>
      <td>{fig(p.result.binary.mcc, notes)}</td>
      <td>
        {(p.result.perStation ?? []).length > 1
          ? (p.result.perStation ?? []).map((s) => (
              <div key={s.station}>
                {s.station} {fig(s.overall.plcc, notes, 2)}
              </div>
            ))
          : fig(p.result.overall.plcc, notes)}
      </td>
    </tr>
  ));
  const stringency = report.stringency.map((s) => (
    <tr key={s.examiner.key} data-testid="stringency-row">
      <td>{s.examiner.name}</td>
      <td>{s.nRecordings}</td>
      <td>{fig(s.meanStepDeviation, notes, 2)}</td>
      <td>
        {fig(s.meanTotalDeviation, notes, 2)}{' '}
        {s.interval ? (
          <span className="ci">
            [{fixed(s.interval.low, 2)}, {fixed(s.interval.high, 2)}]
          </span>
        ) : null}
      </td>
      <td>
        <span className={`tag ${s.verdict === 'not enough data' ? 'nodata' : s.verdict}`}>{s.verdict}</span>
      </td>
    </tr>
  ));
  const drift = report.drift.map((d) => (
    <tr key={`${d.examiner.key}-${d.session}`}>
      <td>{d.examiner.name}</td>
      <td>{d.session}</td>
      <td>{d.points.length}</td>
      <td>{fig(d.slope, notes, 3)}</td>
      <td>{fig(d.firstHalfMean, notes, 2)}</td>
      <td>{fig(d.secondHalfMean, notes, 2)}</td>
    </tr>
  ));
  const ba = report.blandAltman.map((b) => (
    <tr key={`${b.a.key}-${b.b.key}`}>
      <td>
        {b.b.name} − {b.a.name}
      </td>
      <td>{b.n}</td>
      <td>{fig(b.meanDiff, notes, 2)}</td>
      <td>
        {fig(b.lower, notes, 2)} to {fig(b.upper, notes, 2)}
      </td>
    </tr>
  ));
  return (
    <section className="card" data-testid="examiners">
      <h2>Examiners</h2>
      {report.examinerPairs.length === 0 ? (
        <p className="muted">No two examiners have marked the same recording yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Examiner a</th>
              <th>Examiner b</th>
              <th>Rec. / steps</th>
              <th>Step κ</th>
              <th>AC1</th>
              <th>Exact</th>
              <th>MCC</th>
              <th>PLCC</th>
            </tr>
          </thead>
          <tbody>{pairs}</tbody>
        </table>
      )}
      <h3>Stringency (hawk / dove)</h3>
      <table className="table compact" data-testid="stringency">
        <thead>
          <tr>
            <th>Examiner</th>
            <th>Recordings</th>
            <th>Mean step deviation</th>
            <th>Mean total deviation [95% CI]</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>{stringency}</tbody>
      </table>
      <h3>Drift over the exam day</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th>Examiner</th>
            <th>Session</th>
            <th>Recordings</th>
            <th>Slope (points per recording)</th>
            <th>First half mean</th>
            <th>Second half mean</th>
          </tr>
        </thead>
        <tbody>{drift}</tbody>
      </table>
      {ba.length > 0 ? (
        <>
          <h3>Bland-Altman of recording totals</h3>
          <table className="table compact">
            <thead>
              <tr>
                <th>Difference</th>
                <th>Recordings</th>
                <th>Mean difference</th>
                <th>95% limits of agreement</th>
              </tr>
            </thead>
            <tbody>{ba}</tbody>
          </table>
        </>
      ) : null}
      <NotesList notes={notes} />
      <div className="chart-grid">
        {charts.map((c) => (
          <ChartCanvas key={c.id} spec={c} />
        ))}
      </div>
    </section>
  );
}
