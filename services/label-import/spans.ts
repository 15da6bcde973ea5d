/**
 * Step time spans for a whole cohort from a CSV, so clip scoring is practical: the columns are
 * recording (the recording's id or its file's sha256), step_id, start_s, end_s. Every row is
 * checked like a mark typed in the review (the step is in the recording's rubric, the span starts
 * at 0 or later, ends after it starts and within the recording); a step given twice is named with
 * both lines. The spans are the named examiner's own (created when new), and become each step's
 * span for clip scoring. The file is imported whole, in one transaction with its audit events, or
 * not at all.
 */
import type { Db } from '../../db/connection';
import type { SpansImportOutcome } from '../../contract/review';
import { insertRater, raterIdOf } from '../../db/queries/raters';
import { recordingDurations } from '../../db/queries/recordings';
import { examinerSpanKeys, upsertExaminerSpan, upsertSpan } from '../../db/queries/spans';
import { excerpt } from '../../domain/csv/rows';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { createRubricLookup } from '../reports/rubric-lookup';
import {
  LabelImportError,
  parseNumber,
  readCsv,
  recordingFinder,
  type ImportProblem,
  type RecordingTarget,
} from './shared';

export class SpansImportError extends LabelImportError {
  override name = 'SpansImportError';
}

/** What was written; `replaced` counts spans that replaced one the examiner had set before. */
export type SpansImportResult = SpansImportOutcome;

interface Span {
  line: number;
  recording: RecordingTarget;
  stepId: string;
  startS: number;
  endS: number;
}

/** The same limit as an examiner's name typed in the app. */
const MAX_NAME = 200;
/** Players report a duration a frame or so beyond the probed one; more than a second is a wrong time. */
const END_SLACK_S = 1;

/** `recording` holds an id or a sha256; the shared finder checks either and names what is wrong. */
function findRecording(find: ReturnType<typeof recordingFinder>, raw: string): RecordingTarget | string {
  const text = raw.trim();
  if (text === '') return 'empty recording (give the recording id or its sha256)';
  return /^[0-9a-fA-F]{64}$/.test(text) ? find('', text) : find(text, '');
}

export function importStepSpans(
  db: Db,
  text: string,
  fileName: string,
  opts: { examiner: string; actor: string },
): SpansImportResult {
  const examiner = opts.examiner.trim();
  if (examiner === '' || examiner.length > MAX_NAME)
    throw new SpansImportError(fileName, [
      { message: `the examiner's name must be 1 to ${MAX_NAME} characters (got ${examiner.length})` },
    ]);
  const problems: ImportProblem[] = [];
  const table = readCsv(text, problems);
  const need = ['recording', 'step_id', 'start_s', 'end_s'].filter((c) => !table.columns.includes(c));
  if (need.length > 0)
    throw new SpansImportError(fileName, [
      {
        line: 1,
        message: `missing column${need.length > 1 ? 's' : ''} ${need.join(', ')} (columns found: ${table.columns.filter(Boolean).join(', ') || 'none'}); the header is recording,step_id,start_s,end_s`,
      },
    ]);
  if (table.records.length === 0)
    throw new SpansImportError(fileName, [{ line: 2, message: 'no spans: the file has a header only' }]);

  const find = recordingFinder(db, createRubricLookup(db));
  const durations = new Map(recordingDurations(db).map((r) => [r.id, r.duration_s]));
  const seen = new Map<string, number>();
  const spans: Span[] = [];
  for (const rec of table.records) {
    const fail = (message: string) => problems.push({ line: rec.line, message });
    const recording = findRecording(find, rec.get('recording'));
    if (typeof recording === 'string') {
      fail(recording);
      continue;
    }
    const stepId = rec.get('step_id');
    if (stepId === '') {
      fail('empty step_id');
      continue;
    }
    if (!recording.rubric.stepById.has(stepId)) {
      fail(
        `step '${excerpt(stepId)}' is not in rubric ${recording.rubric.id} v${recording.rubric.version} of recording ${recording.id}`,
      );
      continue;
    }
    const startRaw = rec.get('start_s');
    const endRaw = rec.get('end_s');
    const startS = parseNumber(startRaw);
    const endS = parseNumber(endRaw);
    if (startS === null || endS === null) {
      fail(
        startS === null
          ? `start_s '${excerpt(startRaw)}' is not a number of seconds`
          : `end_s '${excerpt(endRaw)}' is not a number of seconds`,
      );
      continue;
    }
    const duration = durations.get(recording.id) ?? 0;
    if (startS < 0) {
      fail(`start_s ${startS} is before the recording starts (0 s)`);
      continue;
    }
    if (!(endS > startS)) {
      fail(`a span must end after it starts (start_s ${startS}, end_s ${endS})`);
      continue;
    }
    if (endS > duration + END_SLACK_S) {
      fail(`end_s ${endS} is after recording ${recording.id} ends (${Math.round(duration * 10) / 10} s)`);
      continue;
    }
    const key = JSON.stringify([recording.id, stepId]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(`recording ${recording.id}, step '${excerpt(stepId)}' is given twice (lines ${earlier} and ${rec.line})`);
      continue;
    }
    seen.set(key, rec.line);
    spans.push({ line: rec.line, recording, stepId, startS, endS });
  }
  if (problems.length > 0)
    throw new SpansImportError(
      fileName,
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  return write(db, fileName, examiner, spans, opts.actor);
}

function write(db: Db, fileName: string, examiner: string, spans: Span[], actor: string): SpansImportResult {
  const now = nowIso();
  return db
    .transaction((): SpansImportResult => {
      let raterId = raterIdOf(db, 'examiner', examiner, '');
      const newExaminer = raterId === undefined;
      if (raterId === undefined) {
        raterId = insertRater(db, { kind: 'examiner', name: examiner, configKey: '', config: '{}', at: now });
        appendAudit(db, {
          actor,
          action: 'create',
          entity: 'rater',
          entityId: raterId,
          after: { kind: 'examiner', name: examiner, from: fileName },
        });
      }
      const before = examinerSpanKeys(db, raterId);
      const byRecording = new Map<number, Span[]>();
      for (const s of spans) {
        const list = byRecording.get(s.recording.id);
        if (list) list.push(s);
        else byRecording.set(s.recording.id, [s]);
        upsertExaminerSpan(db, {
          recording_id: s.recording.id,
          step_id: s.stepId,
          rater_id: raterId,
          start_s: s.startS,
          end_s: s.endS,
          source: 'import',
          updated_at: now,
        });
        upsertSpan(db, {
          recording_id: s.recording.id,
          step_id: s.stepId,
          start_s: s.startS,
          end_s: s.endS,
          rater_id: raterId,
          updated_at: now,
        });
      }
      for (const [recordingId, list] of byRecording) {
        appendAudit(db, {
          actor,
          action: 'import',
          entity: 'step_spans',
          entityId: recordingId,
          after: {
            file: fileName,
            examiner,
            spans: Object.fromEntries(list.map((s) => [s.stepId, [s.startS, s.endS]])),
          },
        });
      }
      return {
        file: fileName,
        examiner,
        newExaminer,
        spans: spans.length,
        recordings: byRecording.size,
        replaced: spans.filter((s) => before.has(`${s.recording.id}\u0000${s.stepId}`)).length,
      };
    })
    .immediate();
}
