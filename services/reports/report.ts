/** The agreement report: one object the app, the CLI and every export are made from. */
import type { Locale } from '../../domain/i18n/locales';
import type { Db } from '../../db/connection';
import type { AgreementReport, RecordingStatusName } from '../../contract/reports';
import { anchorFilePath, readAnchorFile } from '../integrity/anchor';
import { DEFAULT_BOOTSTRAP_SEED } from '../../domain/agreement/bootstrap';
import { nowIso } from '../core/clock';
import { loadLabDataset, type LabDataset, type ReportFilter } from './dataset';
import { blandAltmanSet, drift, examinerPairs, examinersInScope, stringency } from './examiners';
import { DEFAULT_LEADERBOARD_SETTINGS, leaderboard } from './leaderboard';
import { MIN_TRUST_COUNT, modelStepTrust } from './step-trust';

export interface ReportOptions {
  /** Bootstrap resamples for the 95% intervals (recordings resampled); 0 skips them. */
  bootstrap?: number;
  seed?: number;
  appVersion?: string;
  minTrustCount?: number;
  /** Leaderboard minimums; each defaults to DEFAULT_LEADERBOARD_SETTINGS. */
  minCoverage?: number;
  minRecordings?: number;
}

const DEFAULT_REPORT_BOOTSTRAP = 1000;

const STATUSES: RecordingStatusName[] = [
  'unmarked',
  'suggestions_ready',
  'marked_by_one',
  'double_marked',
  'disagreement',
  'final',
];

export function buildAgreementReport(
  db: Db,
  filter: ReportFilter = {},
  opts: ReportOptions = {},
  locale?: Locale,
): AgreementReport {
  return { ...reportFromDataset(loadLabDataset(db, filter, locale), opts), auditHead: auditHeadOf(db) };
}

/** The anchored chain head, as the report prints it (services/integrity/anchor.ts). */
function auditHeadOf(db: Db): AgreementReport['auditHead'] {
  const a = readAnchorFile(anchorFilePath(db.name));
  return typeof a === 'object' ? { seq: a.head.seq, hash: a.head.hash, installation: a.installation } : null;
}

export function reportFromDataset(ds: LabDataset, opts: ReportOptions = {}): AgreementReport {
  const settings = { bootstrap: opts.bootstrap ?? DEFAULT_REPORT_BOOTSTRAP, seed: opts.seed ?? DEFAULT_BOOTSTRAP_SEED };
  const problems: string[] = [];
  const pairs = examinerPairs(ds, settings, problems);
  const board = leaderboard(
    ds,
    {
      ...settings,
      minCoverage: opts.minCoverage ?? DEFAULT_LEADERBOARD_SETTINGS.minCoverage,
      minRecordings: opts.minRecordings ?? DEFAULT_LEADERBOARD_SETTINGS.minRecordings,
    },
    problems,
  );
  const status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RecordingStatusName, number>;
  for (const f of ds.finals.values()) status[f.status]++;

  const stations = new Map<string, { code: string; rubricId: string }>();
  const steps: AgreementReport['steps'] = [];
  const seenRubrics = new Set<string>();
  for (const r of ds.recordings) {
    stations.set(`${r.stationCode}\u0000${r.rubricId}`, { code: r.stationCode, rubricId: r.rubricId });
    const key = `${r.rubricId}@${r.rubricVersion}`;
    if (seenRubrics.has(key)) continue;
    seenRubrics.add(key);
    for (const s of ds.rubrics.get(r.rubricId, r.rubricVersion).steps) {
      if (!steps.some((x) => x.stepId === s.id))
        steps.push({ stepId: s.id, title: s.title, rubricId: r.rubricId, maxPoints: s.max_points });
    }
  }

  return {
    generatedAt: nowIso(),
    appVersion: opts.appVersion ?? 'unknown',
    scope: {
      session: ds.filter.session,
      station: ds.filter.station,
      recordings: ds.recordings.length,
      sessions: [...new Set(ds.recordings.map((r) => r.sessionName))].sort(),
      stations: [...stations.values()].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true })),
      status,
    },
    bootstrap: { resamples: settings.bootstrap, seed: settings.seed },
    examiners: examinersInScope(ds),
    examinerPairs: pairs,
    stringency: stringency(ds),
    drift: drift(ds),
    blandAltman: blandAltmanSet(ds, pairs),
    leaderboard: board,
    trust: board.entries.map((e) =>
      modelStepTrust(ds, e.config.key, { minCount: opts.minTrustCount ?? MIN_TRUST_COUNT }),
    ),
    steps,
    problems: [...new Set(problems)],
  };
}
