/**
 * The editor's working copy of a rubric. Number fields are kept as the text the user typed and
 * sent as numbers only when they read as one: anything else goes to the backend as typed, so its
 * validator (the only one; ajv cannot run under this page's CSP) names the field and the value.
 */
import type { OrdinalCategory, Rubric, RubricText } from '../../../../domain/rubric/types';

/** The language the editor's text fields are showing: the main (English) text or the Chinese one. */
export type TextLanguage = 'en' | 'zh-CN';

export interface DeductionDraft {
  key: string;
  points: string;
  reason: string;
  /** The same deduction's reason in the Chinese text ('' until written). */
  reasonZh: string;
}

/** A step's words in the Chinese text; the step's id, points and scores are the step's own. */
export interface StepTextDraft {
  title: string;
  criteria: string;
  listenFor: string;
}

/** The rubric's own words in the Chinese text. */
export interface RubricTextDraft {
  title: string;
  station: string;
  description: string;
  sourceNotes: string;
}

export interface StepDraft {
  /** React key only: ids can be edited and duplicated, so they cannot key the list. */
  key: string;
  id: string;
  title: string;
  criteria: string;
  maxPoints: string;
  allowedScores: string;
  deductions: DeductionDraft[];
  critical: boolean;
  /** Not editable here; carried through so a save keeps the rubric's override. */
  categoryMap?: Record<string, OrdinalCategory> | undefined;
  /** Not editable in the English text; carried through so a save keeps it. */
  listenFor?: string | undefined;
  zh: StepTextDraft;
}

export interface RubricDraft {
  id: string;
  version: number;
  title: string;
  station: string;
  description: string;
  sourceNotes: string;
  steps: StepDraft[];
  /** The Chinese text of the rubric, or null when it has none (steps keep theirs in StepDraft.zh). */
  zh: RubricTextDraft | null;
  /** Not stored yet (a duplicate): the id may be edited and must not be taken. */
  isNew: boolean;
}

const emptyStepText = (): StepTextDraft => ({ title: '', criteria: '', listenFor: '' });

/** A blank Chinese text to fill in (the editor's "Add a Chinese text"). */
export const blankRubricText = (): RubricTextDraft => ({ title: '', station: '', description: '', sourceNotes: '' });

let nextKey = 0;
export const newKey = (): string => `k${++nextKey}`;

export function toDraft(rubric: Rubric, isNew = false): RubricDraft {
  const zh: RubricText | undefined = rubric.translations?.['zh-CN'];
  return {
    id: rubric.id,
    version: rubric.version,
    title: rubric.title,
    station: rubric.station,
    description: rubric.description,
    sourceNotes: rubric.source_notes ?? '',
    zh: zh
      ? { title: zh.title, station: zh.station, description: zh.description, sourceNotes: zh.source_notes ?? '' }
      : null,
    isNew,
    steps: rubric.steps.map((s) => {
      const words = zh?.steps[s.id];
      return {
        key: newKey(),
        id: s.id,
        title: s.title,
        criteria: s.criteria,
        maxPoints: String(s.max_points),
        allowedScores: s.allowed_scores.join(', '),
        deductions: s.typical_deductions.map((d, i) => ({
          key: newKey(),
          points: String(d.points),
          reason: d.reason,
          reasonZh: words?.typical_deductions[i] ?? '',
        })),
        critical: s.critical,
        categoryMap: s.category_map,
        listenFor: s.listen_for,
        zh: words
          ? { title: words.title, criteria: words.criteria, listenFor: words.listen_for ?? '' }
          : emptyStepText(),
      };
    }),
  };
}

/** "2" -> 2, "1.5" -> 1.5; anything else stays text for the backend to name. */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return /^-?\d+(?:\.\d+)?$/.test(t) ? Number(t) : t;
}

/** "0, 1, 2" or "0 1 2" -> [0, 1, 2]. */
export function parseScoreList(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map(numberOrText);
}

/** What Save sends: the rubric's JSON shape, not checked here. */
export function fromDraft(d: RubricDraft): Record<string, unknown> {
  return {
    id: d.id.trim(),
    version: d.version,
    title: d.title,
    station: d.station,
    description: d.description,
    ...(d.sourceNotes.trim() ? { source_notes: d.sourceNotes } : {}),
    steps: d.steps.map((s) => ({
      id: s.id.trim(),
      title: s.title,
      criteria: s.criteria,
      max_points: numberOrText(s.maxPoints),
      allowed_scores: parseScoreList(s.allowedScores),
      typical_deductions: s.deductions.map((x) => ({ points: numberOrText(x.points), reason: x.reason })),
      critical: s.critical,
      ...(s.categoryMap ? { category_map: s.categoryMap } : {}),
      ...(s.listenFor !== undefined ? { listen_for: s.listenFor } : {}),
    })),
    ...(d.zh ? { translations: { 'zh-CN': chineseText(d, d.zh) } } : {}),
  };
}

/** The Chinese text as the rubric file writes it: words keyed by step id, one reason per deduction. */
function chineseText(d: RubricDraft, zh: RubricTextDraft): Record<string, unknown> {
  return {
    title: zh.title,
    station: zh.station,
    description: zh.description,
    ...(zh.sourceNotes.trim() ? { source_notes: zh.sourceNotes } : {}),
    steps: Object.fromEntries(
      d.steps.map((s) => [
        s.id.trim(),
        {
          title: s.zh.title,
          criteria: s.zh.criteria,
          typical_deductions: s.deductions.map((x) => x.reasonZh),
          ...(s.zh.listenFor.trim() ? { listen_for: s.zh.listenFor } : {}),
        },
      ]),
    ),
  };
}

/** A copy under a new id, stored only when saved. Step ids are kept so scores stay comparable. */
export function duplicateDraft(d: RubricDraft, id: string, title: string, note: string): RubricDraft {
  const copy = structuredClone(d);
  return {
    ...copy,
    id,
    title,
    version: 1,
    isNew: true,
    sourceNotes: copy.sourceNotes.trim() ? `${copy.sourceNotes.trim()} ${note}` : note,
    steps: copy.steps.map((s) => ({
      ...s,
      key: newKey(),
      deductions: s.deductions.map((x) => ({ ...x, key: newKey() })),
    })),
  };
}

function freeStepId(d: RubricDraft, wanted: string): string {
  const taken = new Set(d.steps.map((s) => s.id));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

export function blankStep(d: RubricDraft): StepDraft {
  return {
    key: newKey(),
    id: freeStepId(d, `${d.id || 'rubric'}.step_${d.steps.length + 1}`),
    title: '',
    criteria: '',
    maxPoints: '1',
    allowedScores: '0, 1',
    deductions: [],
    critical: false,
    zh: emptyStepText(),
  };
}

export function copyOfStep(d: RubricDraft, index: number): StepDraft {
  const s = d.steps[index]!;
  return {
    ...structuredClone(s),
    key: newKey(),
    id: freeStepId(d, `${s.id}_copy`),
    deductions: s.deductions.map((x) => ({ ...x, key: newKey() })),
  };
}

export function moveItem<T>(items: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= items.length) return items;
  const out = [...items];
  [out[index], out[target]] = [out[target]!, out[index]!];
  return out;
}

export function totalPoints(d: RubricDraft): number {
  return d.steps.reduce((sum, s) => {
    const n = numberOrText(s.maxPoints);
    return typeof n === 'number' ? sum + n : sum;
  }, 0);
}
