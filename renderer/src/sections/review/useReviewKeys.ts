/** The review screen's keyboard: one window listener that maps keys (shortcuts.ts) to store actions. */
import i18next from 'i18next';
import { useEffect } from 'react';
import { useReview } from '../../store/review-store';
import { neighbourScore, points } from './format';
import { isTypingTarget, ownsKey, shortcutFor, type ShortcutId } from './shortcuts';

/** Remembers which evidence time "e" went to last, so pressing it again moves on to the next one. */
let evidenceCursor = { stepId: '', index: -1 };

/** Runs one shortcut; false when it does not apply here (the key then keeps its usual meaning). */
function run(id: ShortcutId): boolean {
  const s = useReview.getState();
  const view = s.view;
  switch (id) {
    case 'help':
      s.setHelp(!s.helpOpen);
      return true;
    case 'close':
      if (s.helpOpen) s.setHelp(false);
      else if (s.dialog) s.setDialog(null);
      else return false;
      return true;
    case 'back':
      s.close();
      return true;
  }
  if (!view) return false;
  const step = view.rubric.steps[s.stepIndex];
  if (!step) return false;
  const mark = view.marking.marks.find((m) => m.stepId === step.id);
  const suggestion = view.suggestions
    ?.map((set) => ({ set, step: set.steps.find((x) => x.stepId === step.id) }))
    .find((x) => x.step);
  const p = s.player;
  switch (id) {
    case 'next':
      s.moveStep(1);
      break;
    case 'prev':
      s.moveStep(-1);
      break;
    case 'lower':
    case 'raise': {
      const score = neighbourScore(step.allowedScores, mark?.score ?? null, id === 'raise' ? 1 : -1);
      if (score !== null) void s.mark(step.id, { score });
      break;
    }
    case 'notAssessable':
      if (mark?.notAssessable) void s.mark(step.id, { clearNotAssessable: true });
      else s.setDialog({ kind: 'notAssessable', stepId: step.id });
      break;
    case 'comment':
      s.setCommenting(step.id);
      break;
    case 'spanStart':
    case 'spanEnd':
      void s.markSpan(id === 'spanStart' ? 'start' : 'end');
      break;
    case 'play':
      p?.toggle();
      break;
    case 'frameBack':
    case 'frameForward':
      p?.frame(id === 'frameForward' ? 1 : -1);
      break;
    case 'jumpBack':
    case 'jumpForward':
      p?.jump(id === 'jumpForward' ? 5 : -5);
      break;
    case 'slower':
    case 'faster':
      p?.speed(id === 'faster' ? 1 : -1);
      break;
    case 'reveal':
      if (view.marking.suggestionsVisible)
        s.setNotice(
          view.marking.blindFirst ? i18next.t('review:keys.alreadyRevealed') : i18next.t('review:keys.blindOff'),
        );
      else void s.reveal();
      break;
    case 'take':
      if (!suggestion?.step || suggestion.step.score === null)
        s.setNotice(view.suggestions ? i18next.t('review:keys.noSuggestion') : i18next.t('review:keys.hidden'));
      else void s.take(step.id, suggestion.set.modelRaterId);
      break;
    case 'evidence': {
      const times = suggestion?.step?.evidenceS ?? [];
      if (!times.length || !p) {
        s.setNotice(i18next.t('review:keys.noEvidence'));
        break;
      }
      const index = evidenceCursor.stepId === step.id ? (evidenceCursor.index + 1) % times.length : 0;
      evidenceCursor = { stepId: step.id, index };
      p.seek(times[index]!);
      break;
    }
    case 'submit':
      if (view.marking.status === 'submitted') s.setNotice(i18next.t('review:keys.alreadySubmitted'));
      else if (!view.marking.complete)
        s.setNotice(i18next.t('review:keys.submitNeedsAll', { count: view.marking.missingSteps.length }));
      else s.setDialog({ kind: 'submit' });
      break;
    case 'adjudicate': {
      const open = view.double.discrepancies?.find((d) => !d.adjudication) ?? view.double.discrepancies?.[0];
      if (open) document.getElementById(`adjudicate-${open.stepId}`)?.focus();
      else s.setNotice(i18next.t('review:keys.nothingToAdjudicate'));
      break;
    }
    default:
      return false; // 'score' is handled with its digit below
  }
  return true;
}

function scoreKey(digit: number): boolean {
  const s = useReview.getState();
  const step = s.view?.rubric.steps[s.stepIndex];
  if (!step) return false;
  const allowed = step.allowedScores.find((a) => Math.abs(a - digit) < 1e-9);
  if (allowed === undefined) {
    s.setNotice(
      i18next.t('review:keys.notAllowed', {
        digit,
        step: step.title,
        allowed: step.allowedScores.map(points).join(', '),
      }),
    );
  } else {
    s.setNotice(null);
    void s.mark(step.id, { score: allowed });
  }
  return true;
}

export function useReviewKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = useReview.getState();
      // A dialog owns the keyboard (its own Enter/Esc); only Esc and ? pass through to close it.
      if (s.dialog && e.key !== 'Escape') return;
      if (isTypingTarget(e.target) && e.key !== 'Escape') return;
      // Enter and Space belong to the focused button, link or row: they press it, not a shortcut.
      if (ownsKey(e.target, e.key)) return;
      if (s.helpOpen && e.key !== 'Escape' && e.key !== '?') return;
      const id = shortcutFor(e);
      if (!id) return;
      const handled = id === 'score' ? scoreKey(Number(e.key)) : run(id);
      // Space would also scroll the page; the shortcut replaces that.
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
