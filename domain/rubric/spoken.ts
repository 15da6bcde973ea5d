/**
 * Rubric steps that depend on what is said or heard: stated aloud, shouted, counted, or an AED's
 * voice prompt (docs: /work/shared/rubric-facts.md, and each step's criteria). A model that is sent
 * the audio is told what to listen for; a model without audio is told these steps are not
 * assessable from video, so a silent model never fails them by default.
 *
 * The built-in stations' spoken steps are listed here rather than written into the shipped rubric
 * files, so the rubric versions labs have scored against stay exactly as they are. A lab's own
 * rubric marks a step with `listen_for`.
 */
import type { RubricStep } from './types';

/** 9 CPR and 3 AED steps; bag-mask ventilation has none. */
export const BUILTIN_LISTEN_FOR: Readonly<Record<string, string>> = {
  'cpr.scene_safety': 'the candidate stating aloud that the scene is safe before touching the casualty',
  'cpr.responsiveness':
    'the candidate shouting to the casualty (e.g. "Are you all right?") and declaring the casualty unresponsive',
  'cpr.call_for_help':
    'the candidate shouting for help, asking for the emergency number to be called and explicitly asking for an AED',
  'cpr.breathing_pulse_check':
    'the candidate counting the seconds of the pulse and breathing check aloud (at least 5, no more than 10)',
  'cpr.compression_rate': 'the compressions counted aloud: 30 in 15 to 18 s, a steady 100 to 120 per minute',
  'cpr.ratio': 'the compressions counted aloud up to 30 before each pair of breaths',
  'cpr.five_cycles': 'the cycles counted aloud (one to five) without breaks between them',
  'cpr.reassessment': 'the candidate stating the result of the reassessment and the next action',
  'cpr.overall_performance': 'clear verbal communication: findings and actions said aloud as the candidate works',
  'aed.connect_prompts':
    "the AED's voice prompts, and whether the candidate follows them in order without talking over them",
  'aed.clear_for_analysis': 'the candidate saying "Stand clear, analysing" (or similar) when the AED analyses',
  'aed.clear_for_shock': 'the candidate saying loudly that everyone must stand clear before pressing the shock button',
};

/** What to listen for in this step, or null when it can be judged from what is seen alone. */
export function listenFor(step: Pick<RubricStep, 'id' | 'listen_for'>): string | null {
  return step.listen_for?.trim() || BUILTIN_LISTEN_FOR[step.id] || null;
}

export function isSpoken(step: Pick<RubricStep, 'id' | 'listen_for'>): boolean {
  return listenFor(step) !== null;
}
