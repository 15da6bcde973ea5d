/**
 * Model suggestions for the review screen, grouped by model configuration, each step with the
 * model's rationale, evidence times and the configuration's measured agreement with final examiner
 * scores on that step (services/reports). The review view calls this only once suggestions may be
 * seen, so under blind first nothing of them reaches the renderer before the reveal.
 */
import type { Db } from '../../db/connection';
import { hasModelScores } from '../../db/queries/marks';
import { modelSuggestionRows } from '../../db/queries/model-runs';
import type { StepTrust } from '../../contract/reports';
import type { SuggestionSet, SuggestionStep, TrustFigure } from '../../contract/review';
import type { Rubric } from '../../domain/rubric/types';
import { loadLabDataset } from '../reports/dataset';
import { MIN_TRUST_COUNT, modelStepTrust } from '../reports/leaderboard';
import { modelConfigOf } from '../reports/model-configs';

/** Whether any model configuration has suggestions for the recording: a yes/no, never their content. */
export function hasSuggestions(db: Db, recordingId: number): boolean {
  return hasModelScores(db, recordingId);
}

interface Judgement {
  correct?: unknown;
  rationale?: unknown;
  evidence_s?: unknown;
}

/** The run's accepted answer for one step; a run written by an older app or an import may lack it. */
function judgementOf(parsed: string | null, stepId: string): Judgement {
  if (!parsed) return {};
  try {
    const steps = (JSON.parse(parsed) as { steps?: Record<string, Judgement> }).steps;
    return steps?.[stepId] ?? {};
  } catch {
    return {};
  }
}

const evidenceOf = (j: Judgement): number[] =>
  Array.isArray(j.evidence_s) ? j.evidence_s.filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t >= 0).sort((a, b) => a - b) : [];

function fmt(v: number): string {
  return v.toFixed(2).replace(/^-0\.00$/, '0.00');
}

/** The one figure shown beside a suggestion: weighted κ for step scores, MCC for correct/error answers. */
export function trustFigure(trust: StepTrust | null, stepId: string, task: 'score' | 'binary'): TrustFigure {
  const row = trust?.steps.find((s) => s.stepId === stepId);
  if (!row) return { label: `not enough data (n = 0, need ${trust?.minCount ?? MIN_TRUST_COUNT})`, value: null, n: 0, enough: false };
  const metric = task === 'binary' ? row.mcc : row.qwk;
  const name = task === 'binary' ? 'MCC' : 'κ';
  if (!row.enough) return { label: `not enough data (n = ${row.n}, need ${trust!.minCount})`, value: null, n: row.n, enough: false };
  if (metric.value === null) return { label: `${name} undefined: ${metric.reason ?? 'not computed'} (n = ${row.n})`, value: null, n: row.n, enough: true };
  return { label: `${name} ${fmt(metric.value)} vs final scores (n = ${row.n})`, value: metric.value, n: row.n, enough: true };
}

export function loadSuggestions(db: Db, recordingId: number, rubric: Rubric): SuggestionSet[] {
  const rows = modelSuggestionRows(db, recordingId);
  if (rows.length === 0) return [];

  const order = new Map(rubric.steps.map((s, i) => [s.id, i]));
  const sets = new Map<string, SuggestionSet & { key: string }>();
  for (const r of rows) {
    if (!order.has(r.step_id)) continue; // a step of another rubric version cannot be shown against this checklist
    const run = r.run_id === null ? null : { provider: r.provider, model: r.model, task: r.task, mode: r.mode, promptVersion: r.prompt_version };
    const config = modelConfigOf({ id: r.rater_id, name: r.rater_name, config: r.rater_config }, run);
    let set = sets.get(config.key);
    if (!set) {
      set = { key: config.key, modelRaterId: r.rater_id, modelName: config.model, label: config.label, task: config.task, steps: [], runId: r.run_id };
      sets.set(config.key, set);
    }
    const j = judgementOf(r.parsed, r.step_id);
    const step: SuggestionStep = {
      stepId: r.step_id,
      score: r.score,
      correct: config.task === 'binary' ? (typeof j.correct === 'boolean' ? j.correct : r.score !== null && r.score > 0) : null,
      rationale: typeof j.rationale === 'string' ? j.rationale : r.comment,
      evidenceS: evidenceOf(j),
      trust: { label: '', value: null, n: 0, enough: false },
    };
    set.steps.push(step);
  }

  // One dataset for every configuration: trust is measured over the whole lab, not this recording.
  const ds = loadLabDataset(db);
  const out: SuggestionSet[] = [];
  for (const { key, ...set } of sets.values()) {
    let trust: StepTrust | null = null;
    try {
      trust = modelStepTrust(ds, key);
    } catch {
      trust = null; // a configuration the report cannot place yet has, by definition, no data
    }
    set.steps.sort((a, b) => order.get(a.stepId)! - order.get(b.stepId)!);
    for (const s of set.steps) s.trust = trustFigure(trust, s.stepId, set.task);
    out.push(set);
  }
  return out;
}
