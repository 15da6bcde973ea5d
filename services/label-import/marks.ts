/**
 * Examiner marks from a CSV, for labs that mark on paper or in another system:
 * recording_id or sha256, step_id, rater, score (optional: comment, not_assessable).
 * Every row is checked against the station's rubric; each (recording, examiner) must cover every
 * step; an examiner who already has a marking of a recording in the app is not overwritten. The
 * file is imported whole, as submitted markings, in one transaction with its audit events, or not
 * at all.
 */
import type { Db } from '../../db/connection';
import { blankStepScore, examinerMarkingStatus, insertMarking, insertStepScore } from '../../db/queries/marks';
import { insertRater, raterIdOf } from '../../db/queries/raters';
import { excerpt } from '../../domain/csv/rows';
import { nameProblem } from '../../domain/names';
import { appendAudit } from '../integrity/audit';
import type { MarkFact } from '../integrity/replay';
import { nowIso } from '../core/clock';
import { createRubricLookup } from '../reports/rubric-lookup';
import {
  MarksImportError,
  missingSteps,
  parseFlag,
  parseNumber,
  readCsv,
  recordingFinder,
  scoreProblem,
  type ImportProblem,
  type RecordingTarget,
} from './shared';
import { refreshReviewStatuses } from '../review/review-status';

export interface MarksImportResult {
  file: string;
  markings: number;
  scores: number;
  recordings: number;
  examiners: string[];
  newExaminers: string[];
}

interface Mark {
  line: number;
  stepId: string;
  score: number | null;
  comment: string | null;
}

interface Group {
  line: number;
  recording: RecordingTarget;
  rater: string;
  marks: Mark[];
}

/** The same limit as a comment typed in the app (the rater's name follows domain/names.ts). */
const MAX_COMMENT = 4000;

export function importExaminerMarks(
  db: Db,
  text: string,
  fileName: string,
  opts: { actor: string },
): MarksImportResult {
  const problems: ImportProblem[] = [];
  const table = readCsv(text, problems);
  const need = ['step_id', 'rater', 'score'].filter((c) => !table.columns.includes(c));
  if (!table.columns.includes('recording_id') && !table.columns.includes('sha256'))
    need.unshift('recording_id or sha256');
  if (need.length > 0) {
    throw new MarksImportError(fileName, [
      {
        line: 1,
        message: `missing column${need.length > 1 ? 's' : ''} ${need.join(', ')} (columns found: ${table.columns.filter(Boolean).join(', ') || 'none'})`,
      },
    ]);
  }
  if (table.records.length === 0)
    throw new MarksImportError(fileName, [{ line: 2, message: 'no marks: the file has a header only' }]);

  const find = recordingFinder(db, createRubricLookup(db));
  const groups = new Map<string, Group>();
  const seen = new Map<string, number>();
  // A marking with a bad line is not also reported as incomplete: that would repeat the problem.
  const tainted = new Set<string>();
  for (const rec of table.records) {
    const recording = find(rec.get('recording_id'), rec.get('sha256'));
    const rater = rec.get('rater');
    const groupKey = JSON.stringify([typeof recording === 'string' ? null : recording.id, rater]);
    const fail = (message: string) => {
      problems.push({ line: rec.line, message });
      tainted.add(groupKey);
    };
    if (typeof recording === 'string') {
      fail(recording);
      continue;
    }
    const stepId = rec.get('step_id');
    const raterProblem = rater === '' ? 'empty rater' : nameProblem('examiner', rater);
    if (raterProblem) fail(raterProblem);
    if (stepId === '') fail('empty step_id');
    if (rec.get('comment').length > MAX_COMMENT)
      fail(`comment is ${rec.get('comment').length} characters long (at most ${MAX_COMMENT})`);
    if (raterProblem || stepId === '' || rec.get('comment').length > MAX_COMMENT) continue;
    const step = recording.rubric.stepById.get(stepId);
    if (!step) {
      fail(
        `step '${excerpt(String(stepId))}' is not in rubric ${recording.rubric.id} v${recording.rubric.version} of recording ${recording.id}`,
      );
      continue;
    }
    const naRaw = rec.get('not_assessable');
    const notAssessable = naRaw === '' ? false : parseFlag(naRaw);
    if (notAssessable === null) {
      fail(`not_assessable '${excerpt(String(naRaw))}' is not one of 1, 0, true, false, yes, no`);
      continue;
    }
    const scoreRaw = rec.get('score');
    let score: number | null = null;
    if (notAssessable) {
      if (scoreRaw !== '') {
        fail('a step marked not_assessable must have an empty score');
        continue;
      }
    } else {
      score = parseNumber(scoreRaw);
      if (score === null) {
        fail(
          scoreRaw === ''
            ? 'empty score (leave it empty only with not_assessable = 1)'
            : `score '${excerpt(String(scoreRaw))}' is not a number`,
        );
        continue;
      }
      const bad = scoreProblem(step, score);
      if (bad) {
        fail(bad);
        continue;
      }
    }
    const key = JSON.stringify([recording.id, stepId, rater]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(
        `recording ${recording.id}, step '${excerpt(String(stepId))}', rater '${excerpt(String(rater))}' is marked twice (lines ${earlier} and ${rec.line})`,
      );
      continue;
    }
    seen.set(key, rec.line);
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { line: rec.line, recording, rater, marks: [] }));
    group.marks.push({ line: rec.line, stepId, score, comment: rec.get('comment') || null });
  }

  for (const [key, g] of groups) {
    const missing = missingSteps(g.recording.rubric, new Set(g.marks.map((m) => m.stepId)));
    if (missing.length > 0 && !tainted.has(key)) {
      problems.push({
        line: g.line,
        message: `rater '${excerpt(String(g.rater))}' marks recording ${g.recording.id} without steps ${missing.join(', ')}; a marking must cover every step`,
      });
    }
    const existing = examinerMarkingStatus(db, g.recording.id, g.rater);
    if (existing) {
      problems.push({
        line: g.line,
        message: `rater '${excerpt(String(g.rater))}' already has a marking of recording ${g.recording.id} in the app (${existing === 'submitted' ? 'submitted' : 'in progress'}); it is not overwritten`,
      });
    }
  }
  if (problems.length > 0)
    throw new MarksImportError(
      fileName,
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  return write(db, fileName, [...groups.values()], opts.actor);
}

function write(db: Db, fileName: string, groups: Group[], actor: string): MarksImportResult {
  const now = nowIso();
  return db
    .transaction((): MarksImportResult => {
      const examinerIds = new Map<string, number>();
      const newExaminers: string[] = [];
      for (const name of new Set(groups.map((g) => g.rater))) {
        let id = raterIdOf(db, 'examiner', name, '');
        if (id === undefined) {
          id = insertRater(db, { kind: 'examiner', name, configKey: '', config: '{}', at: now });
          newExaminers.push(name);
          appendAudit(db, {
            actor,
            action: 'create',
            entity: 'rater',
            entityId: id,
            after: { kind: 'examiner', name, from: fileName },
          });
        }
        examinerIds.set(name, id);
      }
      let scores = 0;
      for (const g of groups) {
        const rater = examinerIds.get(g.rater)!;
        const { id: rubricId, version: rubricVersion } = g.recording.rubric;
        const markingId = insertMarking(db, {
          recording_id: g.recording.id,
          rater_id: rater,
          rubric_id: rubricId,
          rubric_version: rubricVersion,
          status: 'submitted',
          revealed_at: null,
          submitted_at: now,
          created_at: now,
        });
        for (const m of g.marks) {
          insertStepScore(db, {
            ...blankStepScore({
              recording_id: g.recording.id,
              rater_id: rater,
              rubric_id: rubricId,
              rubric_version: rubricVersion,
              step_id: m.stepId,
              source: 'import',
              updated_at: now,
            }),
            score: m.score,
            blind_score: m.score,
            not_assessable: m.score === null ? 1 : 0,
            not_assessable_reason: m.score === null ? (m.comment ?? `marked not assessable in ${fileName}`) : null,
            comment: m.comment,
          });
          scores++;
        }
        appendAudit(db, {
          actor,
          action: 'import',
          entity: 'marking',
          entityId: markingId,
          after: {
            file: fileName,
            recording: g.recording.id,
            examiner: g.rater,
            status: 'submitted',
            scores: Object.fromEntries(g.marks.map((m) => [m.stepId, m.score])),
            // What the file held, not what a read-back says: a trigger changing it afterwards then shows in the replay.
            recorded: {
              marks: g.marks.map((m): MarkFact => [
                g.recording.id,
                rater,
                m.stepId,
                m.score,
                m.score,
                m.score === null ? 1 : 0,
              ]),
            },
          },
        });
      }
      refreshReviewStatuses(db);
      return {
        file: fileName,
        markings: groups.length,
        scores,
        recordings: new Set(groups.map((g) => g.recording.id)).size,
        examiners: [...examinerIds.keys()].sort(),
        newExaminers,
      };
    })
    .immediate();
}
