import i18next from 'i18next';
import { create } from 'zustand';
import type { ArgsOf } from '../../../contract/api';
import type { Examiner, MarkingState, ReviewView } from '../../../contract/review';
import type { RecordingStatusName } from '../../../contract/reports';
import { callApi } from '../api/client';
import { useLanguage } from '../i18n';

/** What the keyboard and the suggestion panel may ask of the video player (registered by VideoPlayer). */
export interface PlayerControls {
  toggle(): void;
  seek(seconds: number): void;
  frame(direction: 1 | -1): void;
  jump(seconds: number): void;
  speed(direction: 1 | -1): void;
  time(): number;
}

export interface QueueFilter {
  sessionId?: number;
  stationCode?: string;
  candidate?: string;
  status?: RecordingStatusName;
  search?: string;
}

export type StepChange =
  { score: number } | { notAssessable: { reason: string } } | { clearNotAssessable: true } | { comment: string | null };

/** A dialog that holds the keyboard until it is answered. */
export type ReviewDialog =
  | { kind: 'submit' }
  | { kind: 'reason'; title: string; run: (reason: string) => Promise<void> }
  | { kind: 'notAssessable'; stepId: string };

interface ReviewState {
  examiner: Examiner | null;
  recordingId: number | null;
  view: ReviewView | null;
  error: unknown;
  /** A short message about the last key or action (e.g. a score the step does not allow). */
  notice: string | null;
  stepIndex: number;
  /** "[" pressed: the span start waiting for "]". Not saved until the span is complete. */
  spanStart: number | null;
  helpOpen: boolean;
  dialog: ReviewDialog | null;
  /** The step whose comment field has the keyboard. */
  commenting: string | null;
  filter: QueueFilter;
  player: PlayerControls | null;
  /** A score moves on to the next unscored step (remembered on this computer). */
  autoAdvance: boolean;
  /** The examiner, who has not marked this recording, chose to see the others' marks to adjudicate. */
  adjudicating: boolean;
  setExaminer(examiner: Examiner | null): void;
  setFilter(filter: QueueFilter): void;
  setAutoAdvance(on: boolean): void;
  open(recordingId: number, options?: { adjudicating?: boolean }): Promise<void>;
  close(): void;
  refresh(): Promise<void>;
  selectStep(index: number): void;
  moveStep(delta: number): void;
  mark(stepId: string, change: StepChange): Promise<void>;
  take(stepId: string, modelRaterId: number): Promise<void>;
  reveal(): Promise<void>;
  submit(): Promise<void>;
  /** Submits, then opens the next recording of the queue (same filter) this examiner has not submitted. */
  submitAndNext(): Promise<void>;
  markSpan(edge: 'start' | 'end'): Promise<void>;
  adjudicate(stepId: string, finalScore: number, reason: string): Promise<boolean>;
  setNotice(notice: string | null): void;
  setHelp(open: boolean): void;
  setDialog(dialog: ReviewDialog | null): void;
  setCommenting(stepId: string | null): void;
  registerPlayer(player: PlayerControls | null): void;
}

// Who is marking and which recording is open survive a reload of the window; the marks themselves
// are always read back from the database.
const EXAMINER_KEY = 'osce.review.examiner';
const RECORDING_KEY = 'osce.review.recording';
/** A preference of the person at this computer, so it outlives the window (localStorage). */
const AUTO_ADVANCE_KEY = 'osce.review.autoAdvance';

function autoAdvanceSaved(): boolean {
  try {
    return localStorage.getItem(AUTO_ADVANCE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/**
 * The recording after `currentId` in the queue as filtered, skipping those this examiner has
 * submitted; wraps to the first such one before it; null when none is left.
 */
async function nextInQueue(filter: QueueFilter, examinerId: number, currentId: number): Promise<number | null> {
  const page = 1000;
  let seen = false;
  let before: number | null = null;
  for (let offset = 0; ;) {
    const res = await callApi('listReviewRecordings', { ...filter, examinerId, limit: page, offset });
    for (const item of res.items) {
      if (item.id === currentId) seen = true;
      else if (item.myMarking !== 'submitted') {
        if (seen) return item.id;
        before ??= item.id;
      }
    }
    offset += res.items.length;
    if (res.items.length === 0 || offset >= res.total) return before;
  }
}

function restored<T>(key: string, valid: (v: unknown) => v is T): T | null {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return valid(v) ? v : null;
  } catch {
    return null;
  }
}

function remember(key: string, value: unknown): void {
  if (value === null) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, JSON.stringify(value));
}

const isExaminer = (v: unknown): v is Examiner =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Examiner).id === 'number' &&
  typeof (v as Examiner).name === 'string';
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useReview = create<ReviewState>((set, get) => {
  // Writes may answer out of order (two quick keys); only the newest answer is applied.
  let issued = 0;
  let applied = 0;
  // Steps scored since the last answer arrived: quick keys run ahead of missingSteps.
  let pending = new Set<string>();

  const ref = () => {
    const { examiner, recordingId } = get();
    if (!examiner || recordingId === null) throw new Error('No recording is open.');
    return { recordingId, examinerId: examiner.id };
  };

  async function write(send: () => Promise<MarkingState>): Promise<void> {
    const seq = ++issued;
    try {
      const marking = await send();
      if (seq < applied) return;
      applied = seq;
      // The newest answer's missing steps already count every earlier score.
      if (seq === issued) pending = new Set();
      const view = get().view;
      if (view && view.recording.id === marking.recordingId) {
        set({ view: { ...view, marking }, error: null });
        // An adjudicator who starts marking becomes a marker: the others' marks are hidden again.
        if (view.marking.status === 'not_started' && marking.status !== 'not_started' && view.double.othersVisible) {
          set({ adjudicating: false });
          await get().refresh();
        }
      }
    } catch (err) {
      set({ error: err });
    }
  }

  /** A submitted marking is locked: every change goes through a dialog asking why. */
  function lockedOr(title: string, run: (changeReason?: string) => Promise<void>): Promise<void> {
    if (get().view?.marking.status !== 'submitted') return run();
    set({ dialog: { kind: 'reason', title, run: (reason) => run(reason) } });
    return Promise.resolve();
  }

  const stepTitle = (stepId: string) => get().view?.rubric.steps.find((s) => s.id === stepId)?.title ?? stepId;

  /** After a score on the current step: on to the next step still without a mark (after it, then from the top). */
  function advanceFrom(stepId: string): void {
    const { view, stepIndex, autoAdvance } = get();
    if (!autoAdvance || !view || view.rubric.steps[stepIndex]?.id !== stepId) return;
    pending.add(stepId);
    const steps = view.rubric.steps;
    const open = (i: number) => view.marking.missingSteps.includes(steps[i]!.id) && !pending.has(steps[i]!.id);
    const order = [...steps.keys()].map((k) => (stepIndex + 1 + k) % steps.length);
    const next = order.find(open);
    if (next !== undefined) get().selectStep(next);
  }

  return {
    examiner: restored(EXAMINER_KEY, isExaminer),
    recordingId: restored(RECORDING_KEY, isId),
    view: null,
    error: null,
    notice: null,
    stepIndex: 0,
    spanStart: null,
    helpOpen: false,
    dialog: null,
    commenting: null,
    filter: {},
    player: null,
    autoAdvance: autoAdvanceSaved(),
    adjudicating: false,

    setExaminer: (examiner) => {
      remember(EXAMINER_KEY, examiner);
      remember(RECORDING_KEY, null);
      set({ examiner, recordingId: null, view: null, error: null });
    },
    setFilter: (filter) => set({ filter }),
    setAutoAdvance: (autoAdvance) => {
      try {
        localStorage.setItem(AUTO_ADVANCE_KEY, autoAdvance ? 'on' : 'off');
      } catch {
        // Storage unavailable: the choice holds for this run.
      }
      set({ autoAdvance });
    },

    open: async (recordingId, options) => {
      const examiner = get().examiner;
      if (!examiner) return;
      const adjudicating = options?.adjudicating ?? false;
      remember(RECORDING_KEY, recordingId);
      pending = new Set();
      set({
        recordingId,
        adjudicating,
        view: null,
        error: null,
        notice: null,
        spanStart: null,
        dialog: null,
        commenting: null,
      });
      try {
        const view = await callApi('openReview', {
          recordingId,
          examinerId: examiner.id,
          adjudicating,
          locale: useLanguage.getState().locale,
        });
        // Resume where marking stopped: the first step still without a mark.
        const firstOpen = view.rubric.steps.findIndex((s) => view.marking.missingSteps.includes(s.id));
        set({ view, stepIndex: firstOpen === -1 ? 0 : firstOpen });
      } catch (err) {
        set({ error: err });
      }
    },
    close: () => {
      remember(RECORDING_KEY, null);
      set({
        recordingId: null,
        adjudicating: false,
        view: null,
        error: null,
        notice: null,
        dialog: null,
        commenting: null,
        helpOpen: false,
      });
    },
    refresh: async () => {
      try {
        set({
          view: await callApi('openReview', {
            ...ref(),
            adjudicating: get().adjudicating,
            locale: useLanguage.getState().locale,
          }),
          error: null,
        });
      } catch (err) {
        set({ error: err });
      }
    },

    selectStep: (index) => {
      const n = get().view?.rubric.steps.length ?? 0;
      if (n > 0) set({ stepIndex: Math.max(0, Math.min(n - 1, index)), spanStart: null });
    },
    moveStep: (delta) => get().selectStep(get().stepIndex + delta),

    mark: (stepId, change) => {
      if ('score' in change || 'notAssessable' in change) advanceFrom(stepId);
      return lockedOr(i18next.t('review:store.changeSubmitted', { step: stepTitle(stepId) }), (changeReason) =>
        write(() =>
          callApi('setStepMark', {
            ...ref(),
            stepId,
            ...change,
            ...(changeReason ? { changeReason } : {}),
          } as ArgsOf<'setStepMark'>[0]),
        ),
      );
    },
    take: (stepId, modelRaterId) =>
      lockedOr(i18next.t('review:store.takeSubmitted', { step: stepTitle(stepId) }), (changeReason) =>
        write(() =>
          callApi('takeSuggestion', { ...ref(), stepId, modelRaterId, ...(changeReason ? { changeReason } : {}) }),
        ),
      ),

    reveal: async () => {
      const view = get().view;
      if (!view) return;
      if (!view.marking.complete) {
        const left = view.marking.missingSteps.length;
        get().selectStep(view.rubric.steps.findIndex((s) => s.id === view.marking.missingSteps[0]));
        set({ notice: i18next.t('review:store.revealNeedsAll', { count: left }) });
        return;
      }
      try {
        set({ view: await callApi('revealSuggestions', ref()), error: null, notice: null });
      } catch (err) {
        set({ error: err });
      }
    },
    submit: async () => {
      set({ dialog: null });
      try {
        set({ view: await callApi('submitMarking', ref()), error: null, notice: i18next.t('review:store.submitted') });
      } catch (err) {
        set({ error: err });
      }
    },
    submitAndNext: async () => {
      const { examiner, recordingId, filter } = get();
      await get().submit();
      if (!examiner || recordingId === null || get().view?.marking.status !== 'submitted') return;
      try {
        const next = await nextInQueue(filter, examiner.id, recordingId);
        if (next === null) {
          get().close();
          set({ notice: i18next.t('review:store.queueDone') });
        } else {
          await get().open(next);
          set({ notice: i18next.t('review:store.openedNext') });
        }
      } catch (err) {
        set({ error: err });
      }
    },

    markSpan: async (edge) => {
      const { view, player, stepIndex, spanStart } = get();
      const step = view?.rubric.steps[stepIndex];
      if (!view || !step || !player) return;
      const now = Math.round(player.time() * 1000) / 1000;
      if (edge === 'start') {
        set({
          spanStart: now,
          notice: i18next.t('review:store.spanStarted', { step: step.title, at: now.toFixed(2) }),
        });
        return;
      }
      const start = spanStart ?? view.marking.spans.find((s) => s.stepId === step.id)?.startS ?? null;
      if (start === null) return set({ notice: i18next.t('review:store.spanNeedsStart') });
      if (now <= start) return set({ notice: i18next.t('review:store.spanBeforeStart', { start: start.toFixed(2) }) });
      set({ spanStart: null, notice: null });
      await write(() => callApi('setStepSpan', { ...ref(), stepId: step.id, startS: start, endS: now }));
    },

    adjudicate: async (stepId, finalScore, reason) => {
      try {
        set({
          view: await callApi('adjudicateStep', { ...ref(), stepId, finalScore, reason }),
          adjudicating: true,
          error: null,
        });
        return true;
      } catch (err) {
        set({ error: err, notice: describe(err) });
        return false;
      }
    },

    setNotice: (notice) => set({ notice }),
    setHelp: (helpOpen) => set({ helpOpen }),
    setDialog: (dialog) => set({ dialog }),
    setCommenting: (commenting) => set({ commenting }),
    registerPlayer: (player) => set({ player }),
  };
});
