/**
 * Chart.js configurations for the agreement report, built once and used twice: by the Reports
 * section in the app and by the self-contained HTML/PDF report. They are plain JSON (no callbacks)
 * so the HTML report can embed them as data and run no code of ours besides `new Chart`.
 */
import type { ChartConfiguration } from 'chart.js';
import type { AgreementReport, LeaderboardGroup, Metric, ModelConfigInfo } from '../../contract/reports';

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
function modelChartLabel(c: ModelConfigInfo): string[] {
  const settings = [
    c.frames !== null ? `${c.frames} frames` : null,
    c.resolution !== null ? `${c.resolution} px` : null,
    c.audio === null ? null : c.audio ? 'audio' : 'no audio',
  ].filter((x): x is string => x !== null);
  return [c.model, [`prompt ${c.promptVersion}`, ...settings].join(' · '), '(model suggestion)'];
}

const GROUP_TITLES: Record<string, string> = {
  'score/full': 'Step scores, full video: κ against the final scores',
  'score/clips': 'Step scores, step clips: κ against the final scores',
  'binary/full': 'Correct/error, full video: MCC against the final scores',
  'binary/clips': 'Correct/error, step clips: MCC against the final scores',
};

/** One chart per task and mode with ranked entries: their figure beside the examiners here and the published ones. */
function leaderboardChart(r: AgreementReport, group: LeaderboardGroup, style: ChartStyle): ChartSpec | null {
  const entries = r.leaderboard.entries.filter((e) => e.group === group.key && e.rank !== null);
  if (entries.length === 0) return null;
  const figure = group.task === 'score' ? 'qwk' : 'mcc';
  const ceiling = r.leaderboard.ceiling?.result;
  const labels: (string | string[])[] = entries.map((e) => modelChartLabel(e.config));
  const values = entries.map((e) => v(e.primary.metric));
  const colours = entries.map(() => COLOURS.model);
  const refs: [string[], number | null, string][] = [
    [
      ['Examiners here', '(first vs second)'],
      ceiling ? v(figure === 'qwk' ? ceiling.step.qwk : ceiling.binary.mcc) : null,
      COLOURS.ceiling,
    ],
  ];
  const published = group.published;
  for (const p of published?.physicians.filter((x) => x.figure === figure) ?? [])
    refs.push([['Physicians', `(SiMing-Bench ${p.table})`], p.value, COLOURS.paper]);
  for (const p of published?.best.filter((x) => x.figure === figure) ?? [])
    refs.push([[`Best published: ${p.who}`, `(SiMing-Bench ${p.table})`], p.value, COLOURS.paper]);
  for (const [label, value, colour] of refs) {
    labels.push(label);
    values.push(value);
    colours.push(colour);
  }
  const metric = figure === 'qwk' ? 'step-level quadratic κ' : 'error-detection MCC';
  return {
    id: `leaderboard-${group.task}-${group.mode}`,
    title: GROUP_TITLES[group.key] ?? group.key,
    caption: `Each ranked model configuration's ${metric} on the items they all cover (purple), beside what the examiners here reach with each other (green) and published figures, each with the model that reached it (grey). 0 is chance, 1 perfect.`,
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
  const rows = r.stringency.filter((s) => s.meanTotalDeviation.value !== null);
  if (rows.length === 0) return null;
  return {
    id: 'stringency',
    title: 'Examiner stringency: mean deviation from the final score',
    caption:
      'Points per recording above (dove) or below (hawk) the final score, on double-marked recordings. Red: reliably stricter; blue: reliably more lenient; grey: the 95% interval includes 0.',
    height: 80 + rows.length * 40,
    config: {
      type: 'bar',
      data: {
        labels: rows.map((s) => s.examiner.name),
        datasets: [
          {
            label: 'mean total deviation (points)',
            data: rows.map((s) => v(s.meanTotalDeviation)),
            backgroundColor: rows.map((s) =>
              s.verdict === 'hawk' ? COLOURS.hawk : s.verdict === 'dove' ? COLOURS.dove : COLOURS.neutral,
            ),
            grouped: false,
            barPercentage: 0.7,
            order: 2,
          },
          {
            label: '95% interval',
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
        scales: { x: { title: { display: true, text: 'points per recording (examiner − final)' } } },
      }),
    } as ChartConfiguration,
  };
}

function driftChart(r: AgreementReport, style: ChartStyle): ChartSpec | null {
  const series = r.drift.filter((d) => d.points.length > 0);
  if (series.length === 0) return null;
  const examinerKeys = r.examiners.map((e) => e.key);
  const multiSession = new Set(series.map((d) => d.session)).size > 1;
  return {
    id: 'drift',
    title: 'Drift over the exam day',
    caption:
      'Each examiner’s deviation from the final score (points per recording) in the order they submitted their marks. A trend away from 0 means stringency changed during the day.',
    height: 320,
    config: {
      type: 'line',
      data: {
        datasets: series.map((d) => {
          const colour = COLOURS.examiner[Math.max(0, examinerKeys.indexOf(d.examiner.key)) % COLOURS.examiner.length];
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
          x: { type: 'linear', title: { display: true, text: 'recordings marked, in order' } },
          y: { title: { display: true, text: 'examiner − final (points)' } },
        },
      }),
    } as ChartConfiguration,
  };
}

function blandAltmanChart(r: AgreementReport, style: ChartStyle): ChartSpec | null {
  const ba = r.blandAltman[0];
  if (!ba || ba.n === 0) return null;
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
    id: 'bland-altman',
    title: `Bland-Altman of recording totals: b = ${ba.b.name}, a = ${ba.a.name}`,
    caption:
      'Each dot is a recording: the difference between the two totals against their mean. Solid line: mean difference (bias); dashed: 95% limits of agreement.',
    height: 340,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'recordings',
            data: ba.points.map((p) => ({ x: p.mean, y: p.diff })),
            backgroundColor: 'rgba(31,111,235,0.55)',
            pointRadius: 3,
          },
          hline('mean difference', ba.meanDiff, []),
          hline('upper limit of agreement', ba.upper, [6, 4]),
          hline('lower limit of agreement', ba.lower, [6, 4]),
        ],
      },
      options: base(style, {
        scales: {
          x: { title: { display: true, text: 'mean of the two totals (points)' } },
          y: { title: { display: true, text: 'difference of totals, b − a (points)' } },
        },
      }),
    } as ChartConfiguration,
  };
}

/** Every chart the report has data for, in reading order. */
export function reportCharts(r: AgreementReport, style: ChartStyle): ChartSpec[] {
  return [
    ...r.leaderboard.groups.map((g) => leaderboardChart(r, g, style)),
    stringencyChart(r, style),
    driftChart(r, style),
    blandAltmanChart(r, style),
  ].filter((c): c is ChartSpec => c !== null);
}
