import { withContext } from '../context';
import { UsageError, type CliIo } from '../io';
import { listRuns, runAnswer, type ParsedAnswer, type RunListItem } from '../../services/scoring/engine';

function formatAnswer(answer: ParsedAnswer | null): string[] {
  if (!answer) return [];
  return Object.entries(answer.steps).map(([step, j]) => {
    const verdict = j.score !== undefined ? `score ${j.score}` : j.correct ? 'correct' : 'error';
    const at = j.evidence_s.length ? ` [${j.evidence_s.join(', ')} s]` : '';
    return `    ${step}: ${verdict}${at} — ${j.rationale}`;
  });
}

/** A run as `osce runs` prints it, with its accepted per-step answer. */
function shown(r: RunListItem, answer: ParsedAnswer | null) {
  return {
    id: r.id,
    recordingId: r.recordingId,
    jobId: r.jobId,
    status: r.status,
    provider: r.provider,
    host: r.host,
    model: r.model,
    task: r.task,
    mode: r.mode,
    promptVersion: r.promptVersion,
    promptLanguage: r.promptLanguage,
    rubric: `${r.rubricId}@${r.rubricVersion}`,
    stepId: r.stepId,
    reason: r.reason,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    attempts: r.attempts,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    supersededBy: r.supersededBy,
    answer,
  };
}

/** `osce runs`: model runs with status, model, task, reason and the accepted per-step answers. */
export async function runs(opts: { recording?: string; db?: string; json?: boolean }, io: CliIo): Promise<number> {
  let recordingId: number | undefined;
  if (opts.recording !== undefined) {
    if (!/^\d+$/.test(opts.recording) || Number(opts.recording) < 1)
      throw new UsageError(`--recording must be a recording id, got '${opts.recording}'`);
    recordingId = Number(opts.recording);
  }
  return withContext(opts.db, io, (ctx) => {
    const list = listRuns(ctx.db, recordingId !== undefined ? { recordingId } : {}).map((r) =>
      shown(r, r.status === 'done' ? runAnswer(ctx.db, r.id) : null),
    );
    if (opts.json) {
      io.out(JSON.stringify({ runs: list }, null, 2) + '\n');
      return 0;
    }
    if (list.length === 0) {
      io.out('No model runs.\n');
      return 0;
    }
    for (const r of list) {
      const tokens = r.promptTokens !== null ? ` ${r.promptTokens}+${r.completionTokens ?? 0} tokens` : '';
      const step = r.stepId ? ` step ${r.stepId}` : '';
      const superseded = r.supersededBy ? ` (superseded by run ${r.supersededBy})` : '';
      io.out(
        `run ${r.id}  recording ${r.recordingId}  ${r.status}${superseded}  ${r.model} @ ${r.host}  ${r.task}/${r.mode}  ${r.promptVersion}${r.promptLanguage !== 'en' ? ` (rubric in ${r.promptLanguage})` : ''}  ${r.rubric}${step}${tokens}\n`,
      );
      if (r.reason) io.out(`    reason: ${r.reason}\n`);
      for (const line of formatAnswer(r.answer)) io.out(line + '\n');
    }
    return 0;
  });
}
