/**
 * Why a figure is undefined, in the reader's language and without internal ids. The agreement code
 * writes its reasons in English with rater keys (`rater 'examiner:3' total is constant`); reports
 * show them through this one translation, so a footnote names "Dr Brennan's totals", never a key,
 * and a Chinese report says it in Chinese. A reason with no known form is shown with its rater
 * keys replaced, as written.
 */
import type { ReportT as Translate } from './translate';

/** Display names of rater keys (`examiner:3`, `model:<config>`, `final`, `marker:1`). */
export type RaterNames = ReadonlyMap<string, string>;

type Rule = [RegExp, (m: RegExpMatchArray, again: (text: string) => string) => string];

/** The "what" of "no …" / "fewer than 2 …" reasons, as the report services word it. */
const WHATS = {
  'double-marked recordings with final scores': 'doubleMarkedRecordings',
  'double-marked steps with final scores': 'doubleMarkedSteps',
  'recordings in the first half of the day': 'firstHalf',
  'recordings in the second half of the day': 'secondHalf',
  'recordings both scored completely': 'bothComplete',
  'steps compared': 'stepsCompared',
} as const;

function who(raw: string, t: Translate, names: RaterNames): string {
  const m = /^rater '([^']+)'( total)?$/.exec(raw.trim());
  if (!m) return raw;
  const key = m[1]!;
  let name = names.get(key);
  if (!name) {
    if (key === 'final') name = t('reports:reasons.final');
    else if (key === 'marker:1') name = t('reports:reasons.firstExaminer');
    else if (key === 'marker:2') name = t('reports:reasons.secondExaminer');
    else if (key.startsWith('model:')) name = t('reports:reasons.aModel');
    else name = t('reports:reasons.anExaminer');
  }
  return m[2] ? t('reports:reasons.totalsOf', { who: name }) : name;
}

function rules(t: Translate, names: RaterNames): Rule[] {
  const w = (raw: string) => who(raw, t, names);
  const what = (raw: string) => {
    const key = WHATS[raw as keyof typeof WHATS];
    return key ? t(`reports:reasons.what.${key}`) : raw;
  };
  return [
    [
      /^(.*); reported as 0 as scikit-learn does$/,
      (m, again) => t('reports:reasons.shownAsZero', { why: again(m[1]!) }),
    ],
    [/^A: (.*)$/, (m, again) => t('reports:reasons.sideA', { why: again(m[1]!) })],
    [/^B: (.*)$/, (m, again) => t('reports:reasons.sideB', { why: again(m[1]!) })],
    [/^(rater '[^']+'(?: total)?) is constant$/, (m) => t('reports:reasons.constant', { who: w(m[1]!) })],
    [/^(rater '[^']+') marked no errors$/, (m) => t('reports:reasons.noErrors', { who: w(m[1]!) })],
    [
      /^(rater '[^']+') marked every step alike \(all errors or none\)$/,
      (m) => t('reports:reasons.allAlike', { who: w(m[1]!) }),
    ],
    [/^no steps scored by both raters$/, () => t('reports:reasons.noSharedSteps')],
    [/^no recordings with steps scored by both raters$/, () => t('reports:reasons.noSharedSteps')],
    [/^no items judged by both$/, () => t('reports:reasons.noSharedSteps')],
    [/^neither rater marked an error$/, () => t('reports:reasons.neitherErrors')],
    [/^both raters put every step in category (\d+)$/, (m) => t('reports:reasons.oneCategory', { category: m[1]! })],
    [/^fewer than 2 paired values \(n = (\d+)\)$/, (m) => t('reports:reasons.tooFewPairs', { n: Number(m[1]) })],
    [/^(no variance|not a finite number|the two sides have different lengths)$/, () => t('reports:reasons.noVariance')],
    [
      /^only (\d+) of (\d+) resamples gave (?:a defined value|both figures)$/,
      (m) => t('reports:reasons.resamples', { valid: Number(m[1]), total: Number(m[2]) }),
    ],
    [/^fewer than 3 recordings marked in this session$/, () => t('reports:reasons.fewerThan3')],
    [
      /^recording totals of different stations \((.*)\) are not comparable; see the per-station figures$/,
      (m) => t('reports:reasons.stationsPooled', { stations: m[1]! }),
    ],
    [
      /^not enough data \(n = (\d+), need (\d+)\)$/,
      (m) => t('reports:reasons.notEnough', { n: Number(m[1]), min: Number(m[2]) }),
    ],
    [/^(not computed|not defined|undefined)$/, () => t('reports:reasons.notDefined')],
    [
      /^the model answers correct\/error only; see MCC and agreement on correct\/error$/,
      () => t('reports:reasons.binaryOnly'),
    ],
    [/^the predictions do not say whether/, () => t('reports:reasons.modeUnknown')],
    [/^no recording with final scores was judged$/, () => t('reports:reasons.noneJudged')],
    [
      /^judged (\d+) recordings? with final scores; at least (\d+) are needed to be ranked$/,
      (m) => t('reports:reasons.tooFewRecordings', { count: Number(m[1]), min: Number(m[2]) }),
    ],
    [
      /^partial: covers (\d+) of (\d+) recordings with final scores \(([\d.]+)%\); at least ([\d.]+)% is needed to be ranked$/,
      (m) => t('reports:reasons.partial', { n: Number(m[1]), of: Number(m[2]), share: m[3]!, min: m[4]! }),
    ],
    [
      /^the entries that cover enough share only (\d+) recordings? with final scores; at least (\d+) are needed to rank them against each other$/,
      (m) => t('reports:reasons.commonTooSmall', { count: Number(m[1]), min: Number(m[2]) }),
    ],
    [/^no entry covers enough of this scope to be ranked$/, () => t('reports:reasons.noneEligible')],
    [
      /^(step κ|MCC) is undefined on the common items: (.*)$/,
      (m, again) => t('reports:reasons.primaryUndefined', { figure: m[1]!, why: again(m[2]!) }),
    ],
    [/^no (.*)$/, (m) => t('reports:reasons.none', { what: what(m[1]!) })],
    [/^fewer than 2 (.*)$/, (m) => t('reports:reasons.fewerThan2', { what: what(m[1]!) })],
  ];
}

/** A reason as the reader should see it: translated, with every rater key replaced by a name. */
export function plainReason(reason: string, t: Translate, names: RaterNames = new Map()): string {
  const list = rules(t, names);
  const again = (text: string): string => {
    for (const [pattern, render] of list) {
      const m = pattern.exec(text);
      if (m) return render(m, again);
    }
    return text.replace(/rater '[^']+'(?: total)?/g, (x) => who(x, t, names));
  };
  return again(reason);
}

/** Rater keys of a report mapped to the names a reader knows them by. */
export function raterNamesOf(r: {
  examiners: readonly { key: string; name: string }[];
  leaderboard: { entries: readonly { config: { key: string; model: string } }[] };
}): RaterNames {
  const names = new Map<string, string>();
  for (const e of r.examiners) names.set(e.key, e.name);
  for (const e of r.leaderboard.entries) names.set(`model:${e.config.key}`, e.config.model);
  return names;
}
