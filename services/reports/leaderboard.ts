/**
 * The model leaderboard, made fair: configurations are compared within one of the paper's four
 * tasks (step scores or correct/error, on full videos or step clips), on the items every ranked
 * entry covers, against the final scores. An entry that covers too little of the scope (a
 * predictions file for 2 of 6 recordings, a run that failed on most recordings) is listed apart,
 * unranked, with the reason. Entries are ranked by the task's primary figure; equal figures share
 * a rank; an entry whose 95% interval overlaps the leader's is marked not distinguishable from it.
 */
import { computeAgreement, type AgreementResult } from '../../domain/agreement/compute';
import type { ConfidenceInterval } from '../../domain/agreement/bootstrap';
import { PAPER_SOURCE, PHYSICIANS, publishedTaskFigures } from '../../domain/agreement/published';
import type {
  EntryCoverage,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardGroup,
  LeaderboardSettings,
  ModelConfigInfo,
  PaperFigures,
} from '../../contract/reports';
import type { LabDataset } from './dataset';
import { allErrorsBaseline, errorDetection } from './error-detection';
import { markerCeiling, stationAware, type AgreementSettings } from './examiners';
import { buildPairRows, valuesOf, type StepValues } from './label-rows';
import { pairedComparisons } from './paired';

/** A configuration must cover 80% of the scope's finally scored recordings, and at least 5 of them. */
export const DEFAULT_LEADERBOARD_SETTINGS: LeaderboardSettings = { minCoverage: 0.8, minRecordings: 5 };

/** Figures this close are the same figure (sums of the same counts in another order). */
const TIE = 1e-12;

const GROUP_ORDER = ['score/full', 'score/clips', 'binary/full', 'binary/clips'];

const itemKey = (recordingId: number, stepId: string): string => `${recordingId}\u0000${stepId}`;

function paperFigures(): PaperFigures {
  return {
    source: PAPER_SOURCE,
    physicians: { plcc: PHYSICIANS.plcc, kappa: PHYSICIANS.qwk, table: PHYSICIANS.table },
    tasks: publishedTaskFigures(),
  };
}

/** Items a configuration scored (by key), and how much of the finally scored scope that is. */
interface Covered {
  items: Set<string>;
  coverage: EntryCoverage;
}

/** The (recording, step) items with a final score, and the recordings that have any. */
function finalScope(finals: StepValues): { items: number; recordings: number } {
  let items = 0;
  let recordings = 0;
  for (const steps of finals.values()) {
    const scored = [...steps.values()].filter((v) => v !== null).length;
    items += scored;
    if (scored > 0) recordings++;
  }
  return { items, recordings };
}

function coverageOf(ds: LabDataset, configKey: string, finals: StepValues): Covered {
  const scope = finalScope(finals);
  const items = new Set<string>();
  const recordings = new Set<number>();
  let notAssessable = 0;
  for (const [recordingId, steps] of valuesOf(ds, { kind: 'model', configKey })) {
    const final = finals.get(recordingId);
    if (!final) continue;
    for (const [stepId, value] of steps) {
      const f = final.get(stepId);
      if (f === undefined || f === null) continue;
      recordings.add(recordingId);
      if (value === null) notAssessable++;
      else items.add(itemKey(recordingId, stepId));
    }
  }
  return {
    items,
    coverage: {
      recordings: recordings.size,
      ofRecordings: scope.recordings,
      steps: items.size,
      ofSteps: scope.items,
      notAssessable,
      fraction: scope.recordings > 0 ? recordings.size / scope.recordings : 0,
    },
  };
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Why an entry cannot be ranked on its own account, or null when it can. */
function ownProblem(config: ModelConfigInfo, c: EntryCoverage, s: LeaderboardSettings): string | null {
  if (config.mode === 'unknown')
    return 'the predictions do not say whether they came from full videos or step clips (import them again with a mode)';
  if (c.recordings === 0) return 'no recording with final scores was judged';
  if (c.recordings < s.minRecordings)
    return `judged ${c.recordings} recording${c.recordings === 1 ? '' : 's'} with final scores; at least ${s.minRecordings} are needed to be ranked`;
  if (c.fraction + TIE < s.minCoverage)
    return `partial: covers ${c.recordings} of ${c.ofRecordings} recordings with final scores (${percent(c.fraction)}); at least ${percent(s.minCoverage)} is needed to be ranked`;
  return null;
}

function primaryOf(task: 'score' | 'binary', result: AgreementResult): LeaderboardEntry['primary'] {
  // Binary answers carry no partial credit, so their 4-category kappa would measure the encoding.
  return task === 'binary'
    ? { name: 'mcc', metric: result.binary.mcc, interval: result.intervals?.mcc ?? null }
    : { name: 'qwk', metric: result.step.qwk, interval: result.intervals?.qwk ?? null };
}

function agreementOn(
  ds: LabDataset,
  configKey: string,
  settings: AgreementSettings,
  problems: string[],
  only?: (recordingId: number, stepId: string) => boolean,
): AgreementResult {
  const pair = buildPairRows(ds, { kind: 'final' }, { kind: 'model', configKey }, only);
  problems.push(...pair.problems);
  return stationAware(
    computeAgreement(pair.rows, {
      a: pair.a,
      b: pair.b,
      bootstrap: settings.bootstrap,
      seed: settings.seed,
      categoryOf: pair.categoryOf,
    }),
  );
}

const overlaps = (x: ConfidenceInterval | null, y: ConfidenceInterval | null): boolean | null =>
  x && y && x.low !== null && x.high !== null && y.low !== null && y.high !== null
    ? x.low <= y.high && y.low <= x.high
    : null;

/** Ranks with ties sharing a rank (1, 1, 3), and each entry's standing against the leader. */
function rank(entries: LeaderboardEntry[]): void {
  entries.sort(
    (x, y) => y.primary.metric.value! - x.primary.metric.value! || x.config.label.localeCompare(y.config.label),
  );
  for (const e of entries) {
    e.rank = 1 + entries.filter((o) => o.primary.metric.value! > e.primary.metric.value! + TIE).length;
  }
  const leader = entries[0];
  for (const e of entries) {
    if (e.rank === 1) e.standing = 'leader';
    else {
      const o = overlaps(e.primary.interval, leader?.primary.interval ?? null);
      e.standing = o === null ? null : o ? 'indistinguishable' : 'behind';
    }
  }
}

function buildGroup(
  ds: LabDataset,
  key: string,
  configs: ModelConfigInfo[],
  finals: StepValues,
  settings: AgreementSettings & LeaderboardSettings,
  problems: string[],
): { group: LeaderboardGroup; entries: LeaderboardEntry[] } {
  const [task, mode] = key.split('/') as [ModelConfigInfo['task'], ModelConfigInfo['mode']];
  const unrankedSettings = { bootstrap: 0, seed: settings.seed };
  const covered = configs.map((config) => ({ config, ...coverageOf(ds, config.key, finals) }));
  const eligible = covered.filter((c) => ownProblem(c.config, c.coverage, settings) === null);

  // The items every eligible entry scored: the set the group is ranked on.
  let commonItems = new Set<string>(eligible[0]?.items ?? []);
  for (const c of eligible.slice(1)) commonItems = new Set([...commonItems].filter((k) => c.items.has(k)));
  const commonRecordings = new Set([...commonItems].map((k) => Number(k.split('\u0000')[0])));
  let groupProblem: string | null = null;
  if (eligible.length > 0 && commonRecordings.size < settings.minRecordings)
    groupProblem = `the entries that cover enough share only ${commonRecordings.size} recording${commonRecordings.size === 1 ? '' : 's'} with final scores; at least ${settings.minRecordings} are needed to rank them against each other`;
  else if (eligible.length === 0 && configs.length > 0)
    groupProblem = 'no entry covers enough of this scope to be ranked';

  const entries: LeaderboardEntry[] = [];
  const ranked: LeaderboardEntry[] = [];
  const stations = new Set<string>();
  let baseline: LeaderboardGroup['allErrorsBaseline'] = null;
  for (const c of covered) {
    const own = ownProblem(c.config, c.coverage, settings);
    const unranked = own ?? groupProblem;
    if (unranked !== null) {
      const result = agreementOn(ds, c.config.key, unrankedSettings, problems);
      entries.push({
        group: key,
        rank: null,
        unranked,
        config: c.config,
        coverage: c.coverage,
        primary: primaryOf(task, result),
        standing: null,
        result,
        errorDetection: errorDetection(result.binary),
      });
      continue;
    }
    const result = agreementOn(ds, c.config.key, settings, problems, (r, s) => commonItems.has(itemKey(r, s)));
    for (const st of result.perStation ?? []) stations.add(st.station);
    baseline ??= allErrorsBaseline(result.binary);
    const entry: LeaderboardEntry = {
      group: key,
      rank: null,
      unranked: null,
      config: c.config,
      coverage: c.coverage,
      primary: primaryOf(task, result),
      standing: null,
      result,
      errorDetection: errorDetection(result.binary),
    };
    if (entry.primary.metric.value === null) {
      entry.unranked = `${entry.primary.name === 'qwk' ? 'step κ' : 'MCC'} is undefined on the common items: ${entry.primary.metric.reason ?? 'not defined'}`;
      entries.push(entry);
    } else ranked.push(entry);
  }
  rank(ranked);
  entries.sort((x, y) => x.config.label.localeCompare(y.config.label));
  return {
    group: {
      key,
      task,
      mode,
      commonSet: {
        recordings: groupProblem ? 0 : commonRecordings.size,
        steps: groupProblem ? 0 : commonItems.size,
        stations: [...stations].sort(),
      },
      leftOut: groupProblem ? 0 : leftOutOfCommon(eligible, commonItems),
      problem: groupProblem,
      allErrorsBaseline: baseline,
      published: publishedTaskFigures().find((p) => p.task === task && p.mode === mode) ?? null,
    },
    entries: [...ranked, ...entries],
  };
}

/** Items some eligible entry scored that others did not (not assessable to them, or not judged). */
function leftOutOfCommon(eligible: { items: Set<string> }[], common: Set<string>): number {
  const union = new Set<string>();
  for (const c of eligible) for (const k of c.items) union.add(k);
  return union.size - common.size;
}

export function leaderboard(
  ds: LabDataset,
  settings: AgreementSettings & LeaderboardSettings,
  problems: string[],
): Leaderboard {
  const finals = valuesOf(ds, { kind: 'final' });
  const byGroup = new Map<string, ModelConfigInfo[]>();
  for (const config of ds.modelConfigs) {
    const key = `${config.task}/${config.mode}`;
    const list = byGroup.get(key);
    if (list) list.push(config);
    else byGroup.set(key, [config]);
  }
  const keys = [...byGroup.keys()].sort(
    (x, y) => (GROUP_ORDER.indexOf(x) + 1 || 99) - (GROUP_ORDER.indexOf(y) + 1 || 99) || x.localeCompare(y),
  );
  const groups: LeaderboardGroup[] = [];
  const entries: LeaderboardEntry[] = [];
  for (const key of keys) {
    const built = buildGroup(ds, key, byGroup.get(key)!, finals, settings, problems);
    groups.push(built.group);
    entries.push(...built.entries);
  }
  return {
    settings: { minCoverage: settings.minCoverage, minRecordings: settings.minRecordings },
    groups,
    entries,
    paired: pairedComparisons(ds, finals, settings),
    ceiling: markerCeiling(ds, settings, problems),
    paper: paperFigures(),
  };
}
