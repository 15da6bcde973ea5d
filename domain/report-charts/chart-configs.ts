/**
 * Chart.js configurations for the agreement report, built once and used twice: by the Reports
 * section in the app and by the self-contained HTML/PDF report. They are plain JSON (no callbacks)
 * so the HTML report can embed them as data and run no code of ours besides `new Chart`.
 */
import type { ChartConfiguration } from 'chart.js';
import type {
  AgreementReport,
  BlandAltmanData,
  LeaderboardGroup,
  Metric,
  ModelConfigInfo,
} from '../../contract/reports';
import type { ReportT as Translate } from './translate';

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence on how to read the chart. */
  caption: string;
  height: number;
  config: ChartConfiguration;
}

export interface ChartStyle {
  /** Fixed-size, unanimated charts for HTML/PDF output; responsive ones for the app. */
  static: boolean;
  /** The reader's language: titles, captions, axes and legends. */
  t: Translate;
}

const COLOURS = {
  examiner: ['#1f6feb', '#0f8a7e', '#b26a00', '#8c3b8f', '#4d6b1f', '#b8364a'],
  model: '#7a4cc2',
  ceiling: '#1a7f37',
  paper: '#8a94a6',
  hawk: '#c62828',
  dove: '#1f6feb',
  neutral: '#8a94a6',
  line: '#c62828',
};

const v = (m: Metric): number | null => m.value;

function base(style: ChartStyle, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    animation: false,
    responsive: !style.static,
    maintainAspectRatio: false,
    ...(style.static ? { devicePixelRatio: 2 } : {}),
    plugins: { legend: { position: 'bottom' } },
    ...extra,
  };
}

/** Short, multi-line label; always says it is a model suggestion. */
function modelChartLabel(c: ModelConfigInfo, t: Translate): string[] {
  const settings: string[] = [];
  if (c.frames !== null) settings.push(t('reports:charts.frames', { count: c.frames }));
  if (c.resolution !== null) settings.push(t('reports:charts.px', { count: c.resolution }));
  if (c.audio !== null) settings.push(c.audio ? t('reports:charts.audio') : t('reports:charts.noAudio'));
  return [
    c.model,
    [t('reports:charts.prompt', { version: c.promptVersion }), ...settings].join(' · '),
    t('reports:charts.modelSuggestion'),
  ];
}

const LEADERBOARD_KEYS = ['score/full', 'score/clips', 'binary/full', 'binary/clips'] as const;
type LeaderboardKey = (typeof LEADERBOARD_KEYS)[number];
const isLeaderboardKey = (k: string): k is LeaderboardKey => (LEADERBOARD_KEYS as readonly string[]).includes(k);

/** One chart per task and mode with ranked entries: their figure beside the examiners here and the published ones. */
function leaderboardChart(r: AgreementReport, group: LeaderboardGroup, style: ChartStyle): ChartSpec | null {
  const { t } = style;
  const entries = r.leaderboard.entries.filter((e) => e.group === group.key && e.rank !== null);
  if (entries.length === 0) return null;
  const figure = group.task === 'score' ? 'qwk' : 'mcc';
  const ceiling = r.leaderboard.ceiling?.result;
  const labels: (string | string[])[] = entries.map((e) => modelChartLabel(e.config, t));
  const values = entries.map((e) => v(e.primary.metric));
  const colours = entries.map(() => COLOURS.model);
  const refs: [string[], number | null, string][] = [
    [
      [t('reports:charts.examinersHere'), t('reports:charts.firstVsSecond')],
      ceiling ? v(figure === 'qwk' ? ceiling.step.qwk : ceiling.binary.mcc) : null,
      COLOURS.ceiling,
    ],
  ];
  const published = group.published;
  for (const p of published?.physicians.filter((x) => x.figure === figure) ?? [])
    refs.push([
      [t('reports:charts.physicians'), t('reports:charts.paperTable', { table: p.table })],
      p.value,
      COLOURS.paper,
    ]);
  for (const p of published?.best.filter((x) => x.figure === figure) ?? [])
    refs.push([
      [t('reports:charts.bestPublished', { who: p.who }), t('reports:charts.paperTable', { table: p.table })],
      p.value,
      COLOURS.paper,
    ]);
  for (const [label, value, colour] of refs) {
    labels.push(label);
    values.push(value);
    colours.push(colour);
  }
  const metric = figure === 'qwk' ? t('reports:charts.metricQwk') : t('reports:charts.metricMcc');
  return {
    id: `leaderboard-${group.task}-${group.mode}`,
    title: isLeaderboardKey(group.key) ? t(`reports:charts.leaderboardTitle.${group.key}`) : group.key,
    caption: t('reports:charts.leaderboardCaption', { metric }),
    height: 90 + labels.length * 46,
    config: {
      type: 'bar',
      data: { labels, datasets: [{ label: metric, data: values, backgroundColor: colours }] },
      options: base(style, {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { min: -0.2, max: 1, title: { display: true, text: metric } } },
      }),
    } as ChartConfiguration,
  };
}

function stringencyChart(r: AgreementReport, style: ChartStyle): ChartSpec | null {
  const { t } = style;
  const rows = r.stringency.filter((s) => s.meanTotalDeviation.value !== null);
  if (rows.length === 0) return null;
  return {
    id: 'stringency',
    title: t('reports:charts.stringencyTitle'),
    caption: t('reports:charts.stringencyCaption'),
    height: 80 + rows.length * 40,
    config: {
      type: 'bar',
      data: {
        labels: rows.map((s) => `${s.examiner.name} · ${s.station}`),
        datasets: [
          {
            label: t('reports:charts.meanTotalDeviation'),
            data: rows.map((s) => v(s.meanTotalDeviation)),
            backgroundColor: rows.map((s) =>
              s.verdict === 'hawk' ? COLOURS.hawk : s.verdict === 'dove' ? COLOURS.dove : COLOURS.neutral,
            ),
            grouped: false,
            barPercentage: 0.7,
            order: 2,
          },
          {
            label: t('reports:charts.interval'),
            data: rows.map((s) => (s.interval ? [s.interval.low, s.interval.high] : null)),
            backgroundColor: 'rgba(29,36,51,0.35)',
            grouped: false,
            barPercentage: 0.18,
            // Lower order is drawn last, so the interval stays visible over the bar.
            order: 1,
          },
        ],
      },
      options: base(style, {
        indexAxis: 'y',
        scales: { x: { title: { display: true, text: t('reports:charts.stringencyAxis') } } },
      }),
    } as ChartConfiguration,
  };
}

/** One chart per station: totals of different stations are never drawn on one axis. */
function driftCharts(r: AgreementReport, style: ChartStyle): ChartSpec[] {
  const { t } = style;
  const series = r.drift.filter((d) => d.points.length > 0);
  const examinerKeys = r.examiners.map((e) => e.key);
  const multiSession = new Set(series.map((d) => d.session)).size > 1;
  const stations = [...new Set(series.map((d) => d.station))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  return stations.map((station) => ({
    id: `drift-${station}`,
    title: t('reports:charts.driftTitle', { station }),
    caption: t('reports:charts.driftCaption'),
    height: 320,
    config: {
      type: 'line',
      data: {
        datasets: series
          .filter((d) => d.station === station)
          .map((d) => {
            const colour =
              COLOURS.examiner[Math.max(0, examinerKeys.indexOf(d.examiner.key)) % COLOURS.examiner.length];
            return {
              label: multiSession ? `${d.examiner.name} · ${d.session}` : d.examiner.name,
              data: d.points.map((p) => ({ x: p.order, y: p.deviation })),
              borderColor: colour,
              backgroundColor: colour,
              pointRadius: 2.5,
              borderWidth: 1.5,
              tension: 0.25,
            };
          }),
      },
      options: base(style, {
        scales: {
          x: { type: 'linear', title: { display: true, text: t('reports:charts.driftAxisX') } },
          y: { title: { display: true, text: t('reports:charts.driftAxisY') } },
        },
      }),
    } as ChartConfiguration,
  }));
}

function blandAltmanChart(ba: BlandAltmanData, style: ChartStyle): ChartSpec | null {
  const { t } = style;
  if (ba.n === 0) return null;
  const xs = ba.points.map((p) => p.mean);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const hline = (label: string, m: Metric, dash: number[]) => ({
    type: 'line',
    label,
    data:
      m.value === null
        ? []
        : [
            { x: lo, y: m.value },
            { x: hi, y: m.value },
          ],
    borderColor: COLOURS.line,
    borderDash: dash,
    borderWidth: 1.5,
    pointRadius: 0,
  });
  return {
    id: `bland-altman-${ba.station}`,
    title: t('reports:charts.baTitle', { station: ba.station, b: ba.b.name, a: ba.a.name }),
    caption: t('reports:charts.baCaption'),
    height: 340,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: t('reports:charts.baRecordings'),
            data: ba.points.map((p) => ({ x: p.mean, y: p.diff })),
            backgroundColor: 'rgba(31,111,235,0.55)',
            pointRadius: 3,
          },
          hline(t('reports:charts.baMean'), ba.meanDiff, []),
          hline(t('reports:charts.baUpper'), ba.upper, [6, 4]),
          hline(t('reports:charts.baLower'), ba.lower, [6, 4]),
        ],
      },
      options: base(style, {
        scales: {
          x: { title: { display: true, text: t('reports:charts.baAxisX') } },
          y: { title: { display: true, text: t('reports:charts.baAxisY') } },
        },
      }),
    } as ChartConfiguration,
  };
}

/** The first pair's data (the pooled first-vs-second examiner when there are several pairs), one chart per station. */
function blandAltmanCharts(r: AgreementReport, style: ChartStyle): ChartSpec[] {
  const first = r.blandAltman[0];
  if (!first) return [];
  return r.blandAltman
    .filter((b) => b.a.key === first.a.key && b.b.key === first.b.key)
    .map((b) => blandAltmanChart(b, style))
    .filter((c): c is ChartSpec => c !== null);
}

/** Every chart the report has data for, in reading order. */
export function reportCharts(r: AgreementReport, style: ChartStyle): ChartSpec[] {
  return [
    ...r.leaderboard.groups.map((g) => leaderboardChart(r, g, style)),
    stringencyChart(r, style),
    ...driftCharts(r, style),
    ...blandAltmanCharts(r, style),
  ].filter((c): c is ChartSpec => c !== null);
}
