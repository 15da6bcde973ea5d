/**
 * Model suggestions for the review screen, grouped by model configuration, each step with the
 * model's answer (score or verdict, rationale, evidence times: read back exactly as the answer was
 * validated) and the configuration's measured agreement with final examiner scores on that step
 * (./trust.ts). The review view calls this only once suggestions may be seen, so under blind first
 * nothing of them reaches the renderer before the reveal.
 */
import type { Db } from '../../db/connection';
import { hasModelScores } from '../../db/queries/marks';
import { evidenceTimes, suggestionRows, type RaterScoreRow } from '../../db/queries/model-runs';
import type { SuggestionSet, SuggestionStep } from '../../contract/review';
import type { Rubric } from '../../domain/rubric/types';
import { modelConfigOf } from '../reports/model-configs';
import { stepTrustByConfig, trustFigure } from './trust';

/** Whether any model configuration has suggestions for the recording: a yes/no, never their content. */
export function hasSuggestions(db: Db, recordingId: number): boolean {
  return hasModelScores(db, recordingId);
}

function suggestionStep(r: RaterScoreRow, task: 'score' | 'binary'): SuggestionStep {
  return {
    stepId: r.step_id,
    score: r.score,
    // An imported suggestion has no answer of its own: its score says correct (full marks) or not.
    correct: task === 'binary' ? (r.correct !== null ? r.correct === 1 : r.score !== null && r.score > 0) : null,
    rationale: r.rationale ?? r.comment,
    evidenceS: evidenceTimes(r.evidence_s)
      .filter((t) => t >= 0)
      .sort((a, b) => a - b),
    trust: { label: '', value: null, n: 0, enough: false },
  };
}

export function loadSuggestions(db: Db, recordingId: number, rubric: Rubric): SuggestionSet[] {
  const rows = suggestionRows(db, [recordingId]);
  if (rows.length === 0) return [];

  const order = new Map(rubric.steps.map((s, i) => [s.id, i]));
  const sets = new Map<string, SuggestionSet & { key: string }>();
  for (const r of rows) {
    if (!order.has(r.step_id)) continue; // a step of another rubric version cannot be shown against this checklist
    const run =
      r.run_id === null
        ? null
        : { provider: r.provider, model: r.model, task: r.task, mode: r.mode, promptVersion: r.prompt_version };
    const config = modelConfigOf({ id: r.rater_id, name: r.rater_name, config: r.rater_config }, run);
    let set = sets.get(config.key);
    if (!set) {
      set = {
        key: config.key,
        modelRaterId: r.rater_id,
        modelName: config.model,
        label: config.label,
        task: config.task,
        steps: [],
        runId: r.run_id,
      };
      sets.set(config.key, set);
    }
    set.steps.push(suggestionStep(r, config.task));
  }

  // Trust is measured over the whole lab, not this recording: stored figures, refreshed by openReview.
  const trust = stepTrustByConfig(db, [...sets.keys()]);
  const out: SuggestionSet[] = [];
  for (const { key, ...set } of sets.values()) {
    set.steps.sort((a, b) => order.get(a.stepId)! - order.get(b.stepId)!);
    for (const s of set.steps) s.trust = trustFigure(trust.get(key)?.get(s.stepId), set.task);
    out.push(set);
  }
  return out;
}
