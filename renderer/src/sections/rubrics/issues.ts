/**
 * Puts the backend's rubric problems next to the fields they are about. A problem's path is a
 * JSONPath such as `$.steps[3].allowed_scores[2]`; the editor shows it under step 4's allowed
 * scores. Keys are dotted: `title`, `steps.3.criteria`, `steps.3.typical_deductions.0.points`.
 */
import type { rubrics } from '../../../../domain/i18n/en/rubrics';

export interface RubricIssue {
  path: string;
  message: string;
}

export interface PlacedIssue extends RubricIssue {
  /** The field that shows it. */
  key: string;
  /** The message without the "step 4 ('cpr.depth'): " prefix, which the field's place already says. */
  short: string;
}

type Segment = string | number;

const TOKEN = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/gy;

function pathSegments(path: string): Segment[] | null {
  if (!path.startsWith('$')) return null;
  const segments: Segment[] = [];
  TOKEN.lastIndex = 1;
  while (TOKEN.lastIndex < path.length) {
    const m = TOKEN.exec(path);
    if (!m) return null;
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!.replace(/\\(.)/g, '$1')));
  }
  return segments;
}

/**
 * A Chinese-text path (`$.translations['zh-CN'].steps['cpr.depth'].criteria`) names the step by id;
 * its field key uses the step's place in the editor (`steps.8.zh.criteria`). Words for an id the
 * editor has no step for, or a missing step text, belong to the whole Chinese text (`zh.steps`).
 */
function translationKey(s: Segment[], stepIds: readonly string[]): string {
  if (s[2] === undefined) return 'zh';
  if (s[2] !== 'steps') return `zh.${String(s[2])}`;
  const index = typeof s[3] === 'string' ? stepIds.indexOf(s[3]) : -1;
  if (index < 0) return 'zh.steps';
  if (s[4] === undefined) return `steps.${index}.zh`;
  if (s[4] === 'typical_deductions' && typeof s[5] === 'number')
    return `steps.${index}.typical_deductions.${s[5]}.reason_zh`;
  return `steps.${index}.zh.${String(s[4])}`;
}

/** The editor field a path belongs to; deeper parts (a score's index) stay with their list. */
function fieldKey(path: string, stepIds: readonly string[]): string {
  const s = pathSegments(path);
  if (!s || s.length === 0) return 'rubric';
  if (s[0] === 'translations' && s[1] !== undefined) return translationKey(s, stepIds);
  if (s[0] === 'steps' && typeof s[1] === 'number') {
    const field = s[2];
    if (field === undefined) return `steps.${s[1]}`;
    if (field === 'typical_deductions' && typeof s[3] === 'number') {
      return [`steps.${s[1]}.typical_deductions.${s[3]}`, ...(typeof s[4] === 'string' ? [s[4]] : [])].join('.');
    }
    return `steps.${s[1]}.${String(field)}`;
  }
  return String(s[0]);
}

/** `stepIds`: the draft's step ids in order, to place problems of the Chinese text (keyed by id). */
export function placeIssues(issues: readonly RubricIssue[], stepIds: readonly string[] = []): PlacedIssue[] {
  return issues.map((i) => ({
    ...i,
    key: fieldKey(i.path, stepIds),
    short: i.message.replace(/^(?:zh-CN text of )?step \d+(?: \('[^']*'\))?: /, ''),
  }));
}

/** True when the field that shows this problem is one of the Chinese text's. */
export const isChineseKey = (key: string): boolean =>
  key === 'zh' || key.startsWith('zh.') || /\.zh(?:\.|$)|_zh$/.test(key);

type FieldName = keyof typeof rubrics.issues.fields;
const FIELD_NAMES = new Set<string>([
  'id',
  'title',
  'station',
  'description',
  'source_notes',
  'criteria',
  'max_points',
  'allowed_scores',
  'typical_deductions',
  'critical',
  'category_map',
  'version',
  'steps',
  'listen_for',
  'points',
  'reason',
  'rubric',
]);

/** The words keyLabel needs, so this module stays free of React. */
export interface IssueWords {
  field(name: FieldName): string;
  step(n: number): string;
  deduction(n: number): string;
  chinese: string;
}

/** "Step 4 · allowed scores", "Title", "Chinese text · Step 2 · deduction 1 · reason". */
export function keyLabel(key: string, words: IssueWords): string {
  const field = (name: string) => (FIELD_NAMES.has(name) ? words.field(name as FieldName) : name);
  const chinese = isChineseKey(key);
  const parts = key.split('.').filter((p) => p !== 'zh');
  const out: string[] = chinese ? [words.chinese] : [];
  if (parts[0] === 'steps' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    out.push(words.step(Number(parts[1]) + 1));
    if (parts[2] === 'typical_deductions' && parts[3] !== undefined) {
      out.push(words.deduction(Number(parts[3]) + 1));
      if (parts[4]) out.push(field(parts[4] === 'reason_zh' ? 'reason' : parts[4]));
    } else if (parts[2]) {
      out.push(field(parts[2]));
    }
    return out.join(' · ');
  }
  if (parts.length > 0) out.push(field(parts.join('.')));
  const label = out.join(' · ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** DOM id of the input that shows `key`, for "go to field" links. */
export const inputId = (key: string): string => `rubric-field-${key.replace(/\./g, '-')}`;
