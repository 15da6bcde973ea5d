/**
 * Puts the backend's rubric problems next to the fields they are about. A problem's path is a
 * JSONPath such as `$.steps[3].allowed_scores[2]`; the editor shows it under step 4's allowed
 * scores. Keys are dotted: `title`, `steps.3.criteria`, `steps.3.typical_deductions.0.points`.
 */

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

/** The editor field a path belongs to; deeper parts (a score's index) stay with their list. */
function fieldKey(path: string): string {
  const s = pathSegments(path);
  if (!s || s.length === 0) return 'rubric';
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

export function placeIssues(issues: readonly RubricIssue[]): PlacedIssue[] {
  return issues.map((i) => ({
    ...i,
    key: fieldKey(i.path),
    short: i.message.replace(/^step \d+(?: \('[^']*'\))?: /, ''),
  }));
}

const FIELD_LABELS: Record<string, string> = {
  id: 'id',
  title: 'title',
  station: 'station',
  description: 'description',
  source_notes: 'source notes',
  criteria: 'criteria',
  max_points: 'max points',
  allowed_scores: 'allowed scores',
  typical_deductions: 'typical deductions',
  critical: 'critical',
  category_map: 'category mapping',
  version: 'version',
  steps: 'steps',
};

/** "Step 4 · allowed scores", "Title", "Step 2 · deduction 1 · points". */
export function keyLabel(key: string): string {
  const parts = key.split('.');
  if (parts[0] === 'steps' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const out = [`Step ${Number(parts[1]) + 1}`];
    if (parts[2] === 'typical_deductions' && parts[3] !== undefined) {
      out.push(`deduction ${Number(parts[3]) + 1}`);
      if (parts[4]) out.push(parts[4]);
    } else if (parts[2]) {
      out.push(FIELD_LABELS[parts[2]] ?? parts[2]);
    }
    return out.join(' · ');
  }
  const label = FIELD_LABELS[key] ?? (key === 'rubric' ? 'Rubric' : key);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** DOM id of the input that shows `key`, for "go to field" links. */
export const inputId = (key: string): string => `rubric-field-${key.replace(/\./g, '-')}`;
