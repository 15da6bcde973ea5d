import type {
  AgreementReport,
  ErrorDetectionFigures,
  LeaderboardEntry,
  LeaderboardGroup,
  LeaderboardSettings,
  PublishedFigure,
} from '../../../../contract/reports';
import { reportCharts } from '../../../../domain/report-charts/chart-configs';
import { modelSentence } from '../../../../domain/report-charts/sentences';
import { formatPercent } from '../../../../domain/i18n/format';
import { ChartCanvas } from './ChartCanvas';
import { ci, fig, Notes, NotesList, type Writing } from './figures';
import { Term } from './Glossary';
import { MinimumsForm } from './MinimumsForm';

const GROUP_KEYS = [
  'score/full',
  'score/clips',
  'binary/full',
  'binary/clips',
  'score/unknown',
  'binary/unknown',
] as const;
const groupTitle = (w: Writing, key: string) =>
  (GROUP_KEYS as readonly string[]).includes(key) ? w.t(`reports:groups.${key as (typeof GROUP_KEYS)[number]}`) : key;

function ConfigCell({ w, e }: { w: Writing; e: LeaderboardEntry }) {
  return (
    <td>
      <span className="model-label">{e.config.label}</span>{' '}
      <span className="tag model">{w.t('reports:leaderboard.modelSuggestion')}</span>
      <div className="muted small">{w.t(`reports:leaderboard.origin.${e.config.source}`)}</div>
    </td>
  );
}

function CoverageCell({ w, e }: { w: Writing; e: LeaderboardEntry }) {
  const c = e.coverage;
  return (
    <td data-testid="coverage">
      {w.t('reports:leaderboard.coverageRecordings', {
        n: c.recordings,
        of: c.ofRecordings,
        share: formatPercent(c.fraction, w.locale),
      })}
      <div className="muted small">{w.t('reports:leaderboard.coverageSteps', { n: c.steps, of: c.ofSteps })}</div>
      {c.notAssessable > 0 ? (
        <div className="muted small">{w.t('reports:leaderboard.notAssessableSteps', { count: c.notAssessable })}</div>
      ) : null}
    </td>
  );
}

const percent = (m: ErrorDetectionFigures['predictedErrorRate'], notes: Notes) =>
  m.value === null ? fig(m, notes) : formatPercent(m.value, notes.w.locale, 1);

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

function ErrorHeads({ w }: { w: Writing }) {
  return (
    <>
      <th>
        <Term w={w} id="precision">
          {w.t('reports:figures.precision')}
        </Term>
      </th>
      <th>
        <Term w={w} id="recall">
          {w.t('reports:figures.recall')}
        </Term>
      </th>
      <th>
        <Term w={w} id="f1">
          {w.t('reports:figures.f1')}
        </Term>
      </th>
      <th>
        <Term w={w} id="predictedErrors">
          {w.t('reports:figures.predictedErrors')}
        </Term>
      </th>
    </>
  );
}

function RankedRow({ g, e, notes }: { g: LeaderboardGroup; e: LeaderboardEntry; notes: Notes }) {
  const w = notes.w;
  return (
    <tr data-testid="leaderboard-row">
      <td data-testid="rank">{e.rank}</td>
      <ConfigCell w={w} e={e} />
      <CoverageCell w={w} e={e} />
      <td>
        {fig(e.primary.metric, notes)} {ci(w, e.primary.interval ?? undefined, e.primary.metric.reason)}
      </td>
      <td>
        {e.standing ? (
          <span className={`tag standing-${e.standing}`}>{w.t(`reports:standings.${e.standing}`)}</span>
        ) : (
          '—'
        )}
      </td>
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

const FIGURE_KEYS = {
  qwk: 'qwk',
  plcc: 'abbrPlcc',
  srcc: 'abbrSrcc',
  mcc: 'abbrMcc',
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
} as const;
const figureText = (w: Writing, f: PublishedFigure) =>
  `${w.t(`reports:figures.${FIGURE_KEYS[f.figure]}`)} ${w.num(f.value, 3)}`;

function Published({ w, g }: { w: Writing; g: LeaderboardGroup }) {
  const p = g.published;
  if (!p) return null;
  return (
    <div className="published" data-testid="published">
      <strong>{w.t('reports:leaderboard.published')}</strong>
      <ul>
        {p.best.map((f) => (
          <li key={f.figure}>
            {w.t('reports:leaderboard.publishedBest', { figure: figureText(w, f), who: f.who, table: f.table })}
            {f.sameModel.length > 0 ? (
              <span className="muted">
                {' · '}
                {w.t('reports:leaderboard.sameModel', { figures: f.sameModel.map((x) => figureText(w, x)).join(', ') })}
              </span>
            ) : null}
          </li>
        ))}
        {p.physicians.map((f) => (
          <li key={`physicians-${f.figure}`}>
            {w.t('reports:leaderboard.publishedPhysicians', { figure: figureText(w, f), table: f.table })}
          </li>
        ))}
        {p.note ? <li className="muted">{p.note}</li> : null}
      </ul>
    </div>
  );
}

function ErrorDetectionTable({ w, g, ranked }: { w: Writing; g: LeaderboardGroup; ranked: LeaderboardEntry[] }) {
  const b = g.allErrorsBaseline;
  // Its own notes, shown inside: a footnote must not point into a closed section.
  const notes = new Notes(w);
  return (
    <details className="error-detection">
      <summary>{w.t('reports:leaderboard.errorDetection')}</summary>
      <table className="table compact">
        <thead>
          <tr>
            <th>{w.t('reports:leaderboard.rank')}</th>
            <th>{w.t('reports:leaderboard.configuration')}</th>
            <th>{w.t('reports:leaderboard.steps')}</th>
            <ErrorHeads w={w} />
            <th>
              <Term w={w} id="mcc">
                {w.t('reports:figures.abbrMcc')}
              </Term>
            </th>
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
              <td>{w.t('reports:leaderboard.baselineShort')}</td>
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

function InPractice({
  w,
  report,
  g,
  entries,
}: {
  w: Writing;
  report: AgreementReport;
  g: LeaderboardGroup;
  entries: LeaderboardEntry[];
}) {
  if (entries.length === 0) return null;
  return (
    <div className="in-practice" data-testid="in-practice">
      <strong>{w.t('reports:leaderboard.inPractice')}</strong>
      {entries.map((e) => (
        <p key={e.config.key} data-testid="model-sentence">
          {modelSentence(
            e,
            g,
            report.trust.find((tr) => tr.config.key === e.config.key),
            w.t,
            w.locale,
          )}
        </p>
      ))}
    </div>
  );
}

function GroupTable({ w, report, g }: { w: Writing; report: AgreementReport; g: LeaderboardGroup }) {
  const notes = new Notes(w);
  const entries = report.leaderboard.entries.filter((e) => e.group === g.key);
  const ranked = entries.filter((e) => e.rank !== null);
  const apart = entries.filter((e) => e.rank === null);
  const ceiling = report.leaderboard.ceiling?.result;
  const b = g.allErrorsBaseline;
  return (
    <div className="leaderboard-group" data-testid={`leaderboard-group-${g.key}`}>
      <h3>{groupTitle(w, g.key)}</h3>
      {g.problem ? (
        <p className="warning-text">{w.t('reports:leaderboard.notRanked', { why: w.reason(g.problem) })}</p>
      ) : (
        <p className="muted small" data-testid="common-set">
          {w.t('reports:leaderboard.commonSet', { recordings: g.commonSet.recordings, steps: g.commonSet.steps })}
          {g.leftOut > 0 ? <> {w.t('reports:leaderboard.leftOut', { count: g.leftOut })}</> : null}
        </p>
      )}
      {ranked.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={groupTitle(w, g.key)}>
          <table className="table compact">
            <thead>
              <tr>
                <th>{w.t('reports:leaderboard.rank')}</th>
                <th>{w.t('reports:leaderboard.configuration')}</th>
                <th>
                  <Term w={w} id="coverage">
                    {w.t('reports:leaderboard.coverage')}
                  </Term>
                </th>
                <th>
                  {g.task === 'score' ? (
                    <Term w={w} id="qwk">
                      {w.t('reports:leaderboard.stepKappaCi')}
                    </Term>
                  ) : (
                    <Term w={w} id="mcc">
                      {w.t('reports:leaderboard.mccCi')}
                    </Term>
                  )}
                </th>
                <th>
                  <Term w={w} id="standing">
                    {w.t('reports:leaderboard.standing')}
                  </Term>
                </th>
                {g.task === 'score' ? (
                  <>
                    <th>
                      <Term w={w} id="ac1">
                        {w.t('reports:figures.abbrAgreementCoefficient')}
                      </Term>
                    </th>
                    <th>
                      <Term w={w} id="exact">
                        {w.t('reports:figures.exact')}
                      </Term>
                    </th>
                    <th>
                      <Term w={w} id="mcc">
                        {w.t('reports:figures.abbrMcc')}
                      </Term>
                    </th>
                    <th>
                      <Term w={w} id="plcc">
                        {w.t('reports:figures.abbrPlcc')}
                      </Term>
                    </th>
                  </>
                ) : (
                  <ErrorHeads w={w} />
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
                  <td>{w.t('reports:leaderboard.baselineRow')}</td>
                  <td>
                    {w.t('reports:leaderboard.baselineSteps', { n: b.n, share: String(percent(b.prevalence, notes)) })}
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
                    <strong>{w.t('reports:leaderboard.examinersHere')}</strong>{' '}
                    {w.t('reports:leaderboard.examinersHereNote')}
                  </td>
                  <td />
                  <td>{fig(g.task === 'score' ? ceiling.step.qwk : ceiling.binary.mcc, notes)}</td>
                  <td colSpan={5} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
      <InPractice w={w} report={report} g={g} entries={[...ranked, ...apart]} />
      {g.task === 'score' && ranked.length > 0 ? <ErrorDetectionTable w={w} g={g} ranked={ranked} /> : null}
      {apart.length > 0 ? (
        <table className="table compact unranked" data-testid="unranked">
          <thead>
            <tr>
              <th>{w.t('reports:leaderboard.apart')}</th>
              <th>
                <Term w={w} id="coverage">
                  {w.t('reports:leaderboard.coverage')}
                </Term>
              </th>
              <th>{w.t('reports:leaderboard.whyNot')}</th>
            </tr>
          </thead>
          <tbody>
            {apart.map((e) => (
              <tr key={e.config.key} data-testid="unranked-row">
                <ConfigCell w={w} e={e} />
                <CoverageCell w={w} e={e} />
                <td>{w.reason(e.unranked ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Published w={w} g={g} />
      <NotesList notes={notes} />
    </div>
  );
}

export function LeaderboardCard({
  w,
  report,
  minimums,
  onMinimums,
}: {
  w: Writing;
  report: AgreementReport;
  minimums: LeaderboardSettings;
  onMinimums: (next: LeaderboardSettings) => void;
}) {
  const lb = report.leaderboard;
  const charts = reportCharts(report, { static: false, t: w.t }).filter((c) => c.id.startsWith('leaderboard'));
  return (
    <section className="card" data-testid="leaderboard">
      <h2>{w.t('reports:leaderboard.title')}</h2>
      <p className="muted">{w.t('reports:leaderboard.intro')}</p>
      <MinimumsForm w={w} value={minimums} applied={lb.settings} onChange={onMinimums} />
      {lb.entries.length === 0 ? (
        <p className="muted">{w.t('reports:leaderboard.none')}</p>
      ) : (
        lb.groups.map((g) => <GroupTable key={g.key} w={w} report={report} g={g} />)
      )}
      <div className="chart-grid">
        {charts.map((c) => (
          <ChartCanvas key={c.id} spec={c} />
        ))}
      </div>
    </section>
  );
}
