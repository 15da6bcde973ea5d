import type { AgreementReport } from '../../../../contract/reports';
import { reportCharts } from '../../../../domain/report-charts/chart-configs';
import { ChartCanvas } from './ChartCanvas';
import { ci, fig, Notes, NotesList, type Writing } from './figures';
import { Term } from './Glossary';

/** Examiner agreement, stringency, drift and Bland-Altman; totals are always per station. */
export function ExaminersCard({ w, report }: { w: Writing; report: AgreementReport }) {
  const { t } = w;
  const notes = new Notes(w);
  const charts = reportCharts(report, { static: false, t }).filter((c) => !c.id.startsWith('leaderboard'));
  const pairs = report.examinerPairs.map((p) => (
    <tr key={`${p.a.key}-${p.b.key}`}>
      <td>{p.a.name}</td>
      <td>{p.b.name}</td>
      <td>
        {p.result.nRecordings} / {p.result.nSteps}
      </td>
      <td>
        {fig(p.result.step.qwk, notes)} {ci(w, p.result.intervals?.qwk, p.result.step.qwk.reason)}
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
    <tr key={`${s.examiner.key}\u0000${s.station}`} data-testid="stringency-row">
      <td>{s.examiner.name}</td>
      <td>{s.station}</td>
      <td>{s.nRecordings}</td>
      <td>{fig(s.meanStepDeviation, notes, 2)}</td>
      <td>
        {fig(s.meanTotalDeviation, notes, 2)}{' '}
        {s.interval ? (
          <span className="ci">
            [{w.num(s.interval.low, 2)}, {w.num(s.interval.high, 2)}]
          </span>
        ) : null}
      </td>
      <td>
        <span className={`tag ${s.verdict === 'not enough data' ? 'nodata' : s.verdict}`}>
          {t(`reports:examiners.verdicts.${s.verdict}`)}
        </span>
      </td>
    </tr>
  ));
  const drift = report.drift.map((d) => (
    <tr key={`${d.examiner.key}-${d.session}-${d.station}`} data-testid="drift-row">
      <td>{d.examiner.name}</td>
      <td>{d.session}</td>
      <td>{d.station}</td>
      <td>{d.points.length}</td>
      <td>{fig(d.slope, notes, 3)}</td>
      <td>{fig(d.firstHalfMean, notes, 2)}</td>
      <td>{fig(d.secondHalfMean, notes, 2)}</td>
    </tr>
  ));
  const ba = report.blandAltman.map((b) => (
    <tr key={`${b.a.key}-${b.b.key}-${b.station}`} data-testid="bland-altman-row">
      <td>
        {b.b.name} − {b.a.name}
      </td>
      <td>{b.station}</td>
      <td>{b.n}</td>
      <td>{fig(b.meanDiff, notes, 2)}</td>
      <td>
        {fig(b.lower, notes, 2)} – {fig(b.upper, notes, 2)}
      </td>
    </tr>
  ));
  return (
    <section className="card" data-testid="examiners">
      <h2>{t('reports:examiners.title')}</h2>
      {report.examinerPairs.length === 0 ? (
        <p className="muted">{t('reports:examiners.none')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('reports:examiners.examinerA')}</th>
              <th>{t('reports:examiners.examinerB')}</th>
              <th>{t('reports:examiners.recSteps')}</th>
              <th>
                <Term w={w} id="qwk">
                  {t('reports:figures.stepKappa')}
                </Term>
              </th>
              <th>
                <Term w={w} id="ac1">
                  {t('reports:figures.abbrAgreementCoefficient')}
                </Term>
              </th>
              <th>
                <Term w={w} id="exact">
                  {t('reports:figures.exact')}
                </Term>
              </th>
              <th>
                <Term w={w} id="mcc">
                  {t('reports:figures.abbrMcc')}
                </Term>
              </th>
              <th>
                <Term w={w} id="plcc">
                  {t('reports:figures.abbrPlcc')}
                </Term>
              </th>
            </tr>
          </thead>
          <tbody>{pairs}</tbody>
        </table>
      )}
      <h3>
        <Term w={w} id="stringency">
          {t('reports:examiners.stringency')}
        </Term>
      </h3>
      <table className="table compact" data-testid="stringency">
        <thead>
          <tr>
            <th>{t('reports:examiners.examiner')}</th>
            <th>{t('reports:html.station')}</th>
            <th>{t('reports:examiners.recordings')}</th>
            <th>{t('reports:examiners.meanStep')}</th>
            <th>{t('reports:examiners.meanTotal')}</th>
            <th>{t('reports:examiners.verdict')}</th>
          </tr>
        </thead>
        <tbody>{stringency}</tbody>
      </table>
      <h3>
        <Term w={w} id="drift">
          {t('reports:examiners.drift')}
        </Term>
      </h3>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('reports:examiners.examiner')}</th>
            <th>{t('reports:examiners.session')}</th>
            <th>{t('reports:station')}</th>
            <th>{t('reports:examiners.recordings')}</th>
            <th>{t('reports:examiners.slope')}</th>
            <th>{t('reports:examiners.firstHalf')}</th>
            <th>{t('reports:examiners.secondHalf')}</th>
          </tr>
        </thead>
        <tbody>{drift}</tbody>
      </table>
      {ba.length > 0 ? (
        <>
          <h3>
            <Term w={w} id="blandAltman">
              {t('reports:examiners.blandAltman')}
            </Term>
          </h3>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('reports:examiners.difference')}</th>
                <th>{t('reports:station')}</th>
                <th>{t('reports:examiners.recordings')}</th>
                <th>{t('reports:examiners.meanDifference')}</th>
                <th>{t('reports:examiners.limits')}</th>
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
