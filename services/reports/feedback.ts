/**
 * Trainee feedback: for one candidate, each recording's steps with deductions, the examiners'
 * comments, when in the recording the step happened (with a picture where the video is at hand),
 * and what correct execution requires. Built only from that candidate's recordings and from final
 * (examiner or adjudicated) scores; model suggestions are never part of it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { spansIn } from '../../db/queries/spans';
import type { ServiceContext } from '../core/context';
import { nowIso } from '../core/clock';
import { makePoster } from '../media';
import { scoresEqual } from '../../domain/rubric/ordinal';
import type { Locale } from '../../domain/i18n/locales';
import { loadLabDataset, type LabDataset, type RecordingFacts } from './dataset';

type PictureNote = 'notRequested' | 'noVideo' | 'noFfmpeg' | 'someFailed';

export type FeedbackStepState = 'deduction' | 'full' | 'pending' | 'not_assessable' | 'unmarked';

export interface FeedbackStep {
  stepId: string;
  title: string;
  criteria: string;
  maxPoints: number;
  critical: boolean;
  state: FeedbackStepState;
  score: number | null;
  comments: string[];
  span: { startS: number; endS: number } | null;
  /** A JPEG from the step's span as a data: URL, when the video and ffmpeg were at hand. */
  thumbnail: string | null;
}

export interface FeedbackRecording {
  recordingId: number;
  session: string;
  sessionDate: string | null;
  station: string;
  rubricTitle: string;
  /** Sum of final scores when every step is final; null while something awaits adjudication. */
  total: number | null;
  maxTotal: number;
  steps: FeedbackStep[];
  /** Why there are no pictures, when there are none (worded by the feedback document in its language). */
  pictureNote: PictureNote | null;
}

export interface TraineeFeedback {
  candidate: string;
  generatedAt: string;
  recordings: FeedbackRecording[];
}

export interface FeedbackOptions {
  /** Only this session's recordings of the candidate (a session's feedback document). */
  sessionId?: number;
  /** Extract a picture per step with a deduction (needs ffmpeg and the video). Default true. */
  thumbnails?: boolean;
  signal?: AbortSignal;
  /** The rubric's words in this language (the document's language). */
  locale?: Locale;
}

interface Spans {
  get(recordingId: number, stepId: string): { startS: number; endS: number } | null;
}

function loadSpans(ctx: ServiceContext, recordingIds: number[]): Spans {
  const rows = spansIn(ctx.db, recordingIds);
  const map = new Map(rows.map((r) => [`${r.recording_id}\u0000${r.step_id}`, { startS: r.start_s, endS: r.end_s }]));
  return { get: (recordingId, stepId) => map.get(`${recordingId}\u0000${stepId}`) ?? null };
}

function videoPath(ctx: ServiceContext, rec: RecordingFacts): string | null {
  const stored = isAbsolute(rec.storedPath) ? rec.storedPath : join(ctx.libraryDir, rec.storedPath);
  if (existsSync(stored)) return stored;
  return existsSync(rec.originalPath) ? rec.originalPath : null;
}

function ffmpegPath(ctx: ServiceContext): string | null {
  try {
    return ctx.media.binaries().ffmpeg;
  } catch {
    return null;
  }
}

/**
 * Comments of the examiners whose score is the final one: the comment of an examiner who was
 * overruled would contradict the mark the student sees. If the final score is nobody's own
 * (adjudicated to a third value), every examiner's comment is kept.
 */
function comments(ds: LabDataset, recordingId: number, stepId: string, finalScore: number | null): string[] {
  const marks = ds.scores.filter((s) => s.recordingId === recordingId && s.stepId === stepId && s.configKey === null);
  const agreeing = finalScore === null ? [] : marks.filter((s) => s.score !== null && scoresEqual(s.score, finalScore));
  const texts = (agreeing.length > 0 ? agreeing : marks).map((s) => s.comment?.trim() ?? '').filter((c) => c !== '');
  return [...new Set(texts)];
}

export async function buildTraineeFeedback(
  ctx: ServiceContext,
  candidate: string,
  opts: FeedbackOptions = {},
): Promise<TraineeFeedback> {
  const ds = loadLabDataset(
    ctx.db,
    { candidate, ...(opts.sessionId !== undefined ? { sessionId: opts.sessionId } : {}) },
    opts.locale,
  );
  const spans = loadSpans(
    ctx,
    ds.recordings.map((r) => r.id),
  );
  const ffmpeg = opts.thumbnails === false ? null : ffmpegPath(ctx);
  const temp = ffmpeg ? await mkdtemp(join(tmpdir(), 'osce-feedback-')) : null;
  try {
    const recordings: FeedbackRecording[] = [];
    for (const rec of ds.recordings) {
      const rubric = ds.rubrics.get(rec.rubricId, rec.rubricVersion);
      const finals = ds.finals.get(rec.id);
      const video = videoPath(ctx, rec);
      let pictureNote: PictureNote | null = null;
      if (opts.thumbnails === false) pictureNote = 'notRequested';
      else if (!video) pictureNote = 'noVideo';
      else if (!ffmpeg) pictureNote = 'noFfmpeg';

      const steps: FeedbackStep[] = [];
      for (const step of rubric.steps) {
        const f = finals?.steps.find((s) => s.stepId === step.id);
        let state: FeedbackStepState = 'unmarked';
        let score: number | null = null;
        if (f?.state === 'final') {
          score = f.score;
          state = f.score < step.max_points ? 'deduction' : 'full';
        } else if (f?.state === 'not_assessable') state = 'not_assessable';
        else if (f?.state === 'disagreement') state = 'pending';
        const span = spans.get(rec.id, step.id);
        let thumbnail: string | null = null;
        if (state === 'deduction' && span && video && ffmpeg && temp) {
          thumbnail = await frameAt(
            ffmpeg,
            video,
            (span.startS + span.endS) / 2,
            join(temp, `${rec.id}-${steps.length}.jpg`),
            opts.signal,
          );
          if (!thumbnail && pictureNote === null) pictureNote = 'someFailed';
        }
        steps.push({
          stepId: step.id,
          title: step.title,
          criteria: step.criteria,
          maxPoints: step.max_points,
          critical: step.critical,
          state,
          score,
          comments: state === 'pending' ? [] : comments(ds, rec.id, step.id, score),
          span,
          thumbnail,
        });
      }
      recordings.push({
        recordingId: rec.id,
        session: rec.sessionName,
        sessionDate: rec.sessionDate,
        station: rec.stationCode,
        rubricTitle: rubric.title,
        total: finals?.complete ? steps.reduce((sum, s) => sum + (s.score ?? 0), 0) : null,
        maxTotal: steps.filter((s) => s.state !== 'not_assessable').reduce((sum, s) => sum + s.maxPoints, 0),
        steps,
        pictureNote,
      });
    }
    return { candidate, generatedAt: nowIso(), recordings };
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

/** A small JPEG as a data: URL, or null when this frame cannot be had (feedback goes on without it). */
async function frameAt(
  ffmpeg: string,
  video: string,
  atS: number,
  out: string,
  signal?: AbortSignal,
): Promise<string | null> {
  try {
    await makePoster(video, out, { ffmpegPath: ffmpeg, atS, longSide: 320, ...(signal ? { signal } : {}) });
    return `data:image/jpeg;base64,${(await readFile(out)).toString('base64')}`;
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}
