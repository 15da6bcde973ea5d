/**
 * Examiner marks from a CSV, for labs that mark on paper or in another system:
 * recording_id or sha256, step_id, rater, score (optional: comment, not_assessable).
 * Every row is checked against the station's rubric; each (recording, examiner) must cover every
 * step; an examiner who already has a marking of a recording in the app is not overwritten. The
 * file is imported whole, as submitted markings, in one transaction with its audit events, or not
 * at all.
 */
import type { Db } from '../../db/connection';
import { excerpt } from '../../domain/csv/rows';
import { appendAudit } from '../integrity/audit';
import { markFacts } from '../integrity/replay';
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

/** The same limits as an examiner's name and a comment typed in the app. */
const MAX_NAME = 200;
const MAX_COMMENT = 4000;

export function importExaminerMarks(db: Db, text: string, fileName: string, opts: { actor: string }): MarksImportResult {
  const problems: ImportProblem[] = [];
  const table = readCsv(text, problems);
  const need = ['step_id', 'rater', 'score'].filter((c) => !table.columns.includes(c));
  if (!table.columns.includes('recording_id') && !table.columns.includes('sha256')) need.unshift('recording_id or sha256');
  if (need.length > 0) {
    throw new MarksImportError(fileName, [
      { line: 1, message: `missing column${need.length > 1 ? 's' : ''} ${need.join(', ')} (columns found: ${table.columns.filter(Boolean).join(', ') || 'none'})` },
    ]);
  }
  if (table.records.length === 0) throw new MarksImportError(fileName, [{ line: 2, message: 'no marks: the file has a header only' }]);

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
    if (rater === '') fail('empty rater');
    if (stepId === '') fail('empty step_id');
    if (rater.length > MAX_NAME) fail(`rater name is ${rater.length} characters long (at most ${MAX_NAME})`);
    if (rec.get('comment').length > MAX_COMMENT) fail(`comment is ${rec.get('comment').length} characters long (at most ${MAX_COMMENT})`);
    if (rater === '' || stepId === '' || rater.length > MAX_NAME || rec.get('comment').length > MAX_COMMENT) continue;
    const step = recording.rubric.stepById.get(stepId);
    if (!step) {
      fail(`step '${excerpt(String(stepId))}' is not in rubric ${recording.rubric.id} v${recording.rubric.version} of recording ${recording.id}`);
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
        fail(scoreRaw === '' ? 'empty score (leave it empty only with not_assessable = 1)' : `score '${excerpt(String(scoreRaw))}' is not a number`);
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
      fail(`recording ${recording.id}, step '${excerpt(String(stepId))}', rater '${excerpt(String(rater))}' is marked twice (lines ${earlier} and ${rec.line})`);
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
      problems.push({ line: g.line, message: `rater '${excerpt(String(g.rater))}' marks recording ${g.recording.id} without steps ${missing.join(', ')}; a marking must cover every step` });
    }
    const existing = db
      .prepare(
        `SELECT m.status FROM markings m JOIN raters ra ON ra.id = m.rater_id
         WHERE m.recording_id = ? AND ra.kind = 'examiner' AND ra.name = ?`,
      )
      .pluck()
      .get(g.recording.id, g.rater) as string | undefined;
    if (existing) {
      problems.push({
        line: g.line,
        message: `rater '${excerpt(String(g.rater))}' already has a marking of recording ${g.recording.id} in the app (${existing === 'submitted' ? 'submitted' : 'in progress'}); it is not overwritten`,
      });
    }
  }
  if (problems.length > 0) throw new MarksImportError(fileName, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return write(db, fileName, [...groups.values()], opts.actor);
}

function write(db: Db, fileName: string, groups: Group[], actor: string): MarksImportResult {
  const now = nowIso();
  return db
    .transaction((): MarksImportResult => {
      const examinerIds = new Map<string, number>();
      const newExaminers: string[] = [];
      for (const name of new Set(groups.map((g) => g.rater))) {
        let id = db.prepare(`SELECT id FROM raters WHERE kind = 'examiner' AND name = ? AND config_key = ''`).pluck().get(name) as number | undefined;
        if (id === undefined) {
          id = Number(
            db.prepare(`INSERT INTO raters (kind, name, config_key, config, created_at) VALUES ('examiner', ?, '', '{}', ?)`).run(name, now).lastInsertRowid,
          );
          newExaminers.push(name);
          appendAudit(db, { actor, action: 'create', entity: 'rater', entityId: id, after: { kind: 'examiner', name, from: fileName } });
        }
        examinerIds.set(name, id);
      }
      const insertMarking = db.prepare(
        `INSERT INTO markings (recording_id, rater_id, rubric_id, rubric_version, status, submitted_at, created_at)
         VALUES (?, ?, ?, ?, 'submitted', ?, ?)`,
      );
      const insertScore = db.prepare(
        `INSERT INTO step_scores (recording_id, rater_id, rubric_id, rubric_version, step_id, score, blind_score, not_assessable,
           not_assessable_reason, comment, source, updated_at)
         VALUES (@recording, @rater, @rubricId, @rubricVersion, @stepId, @score, @score, @na, @naReason, @comment, 'import', @now)`,
      );
      let scores = 0;
      for (const g of groups) {
        const rater = examinerIds.get(g.rater)!;
        const { id: rubricId, version: rubricVersion } = g.recording.rubric;
        const markingId = Number(insertMarking.run(g.recording.id, rater, rubricId, rubricVersion, now, now).lastInsertRowid);
        for (const m of g.marks) {
          insertScore.run({
            recording: g.recording.id,
            rater,
            rubricId,
            rubricVersion,
            stepId: m.stepId,
            score: m.score,
            na: m.score === null ? 1 : 0,
            naReason: m.score === null ? (m.comment ?? `marked not assessable in ${fileName}`) : null,
            comment: m.comment,
            now,
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
            recorded: { marks: markFacts(db, [[g.recording.id, rater]]) },
          },
        });
      }
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
