/**
 * Everything the review screen shows for one examiner and one recording. Reading never writes:
 * opening a recording does not start a marking (the first mark does), so an adjudicator who only
 * looks is not counted as a marker. Suggestions are loaded only when this examiner may see them.
 */
import { basename } from 'node:path';
import { localizedRubric } from '../../domain/rubric/texts';
import type { Locale } from '../../domain/i18n/locales';
import type { Db } from '../../db/connection';
import type { ReviewView } from '../../contract/review';
import { loadDoubleMarking } from './double';
import { getExaminer } from './examiners';
import type { MarkingRef } from './marking';
import { playableUrlPath } from '../recordings/media-file';
import {
  getMarkingRow,
  loadMarkingState,
  loadRecordingContext,
  suggestionsVisible,
  type RecordingContext,
} from './store';
import { hasSuggestions, loadSuggestions } from './suggestions';
import { refreshStepTrust } from './trust';

/** When the container does not say, 25 fps is the usual camera rate; frame steps are then 40 ms. */
const DEFAULT_FPS = 25;

/** The import service decides which file plays (proxy once ready, else the original); this only explains a gap. */
function playable(ctx: RecordingContext): Pick<ReviewView['recording'], 'mediaPath' | 'mediaProblem'> {
  const mediaPath = playableUrlPath({ id: ctx.id, proxyStatus: ctx.proxyStatus, fileStatus: ctx.fileStatus });
  if (mediaPath) return { mediaPath, mediaProblem: null };
  return {
    mediaPath: null,
    mediaProblem:
      'The recording\u2019s file is missing: it was moved or deleted after import. Relink it in Recordings.',
  };
}

/** Whether this examiner will see suggestions in the view (there are some, and blind first is over for them). */
function showsSuggestions(db: Db, ref: MarkingRef): boolean {
  if (!hasSuggestions(db, ref.recordingId)) return false;
  const ctx = loadRecordingContext(db, ref.recordingId);
  return suggestionsVisible(ctx, getMarkingRow(db, ctx.id, ref.examinerId));
}

/** `adjudicating`: a viewer who has not marked the recording asks to see the others' marks to adjudicate. */
export function openReview(
  db: Db,
  ref: MarkingRef & { adjudicating?: boolean; locale?: Locale | undefined },
): ReviewView {
  // The trust figures beside suggestions are refreshed first (their own write transaction, only after a change).
  if (showsSuggestions(db, ref)) refreshStepTrust(db);
  // One read transaction so the marking, the suggestions and the double-marking state agree.
  return db.transaction(() => {
    const stored = loadRecordingContext(db, ref.recordingId);
    // The rubric's words in the examiner's language (ids, points and scores are the rubric's own).
    const ctx = ref.locale ? { ...stored, rubric: localizedRubric(stored.rubric, ref.locale) } : stored;
    const examiner = getExaminer(db, ref.examinerId);
    const marking = loadMarkingState(db, ctx, examiner.id);
    const rubric = ctx.rubric;
    return {
      recording: {
        id: ctx.id,
        sessionName: ctx.sessionName,
        stationCode: ctx.stationCode,
        candidateCode: ctx.candidateCode,
        fileName: basename(ctx.originalPath),
        durationS: ctx.durationS,
        fps: ctx.fps && ctx.fps > 0 ? ctx.fps : DEFAULT_FPS,
        ...playable(ctx),
      },
      rubric: {
        id: rubric.id,
        version: rubric.version,
        title: rubric.title,
        totalPoints: rubric.steps.reduce((sum, s) => sum + s.max_points, 0),
        steps: rubric.steps.map((s) => ({
          id: s.id,
          title: s.title,
          criteria: s.criteria,
          maxPoints: s.max_points,
          allowedScores: [...s.allowed_scores],
          critical: s.critical,
          deductions: s.typical_deductions.map((d) => ({ points: d.points, reason: d.reason })),
        })),
      },
      examiner,
      marking,
      hasSuggestions: hasSuggestions(db, ctx.id),
      suggestions: marking.suggestionsVisible ? loadSuggestions(db, ctx.id, rubric) : null,
      double: loadDoubleMarking(db, ctx, examiner.id, marking.status, ref.adjudicating ?? false),
    };
  })();
}
