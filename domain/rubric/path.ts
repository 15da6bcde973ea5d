/**
 * JSONPath strings and admin-readable locations for rubric problems. Paths use 0-based indexes
 * (they point into the file); messages count steps from 1 (they are read by people).
 */

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ['steps', 3, 'allowed_scores', 2] -> "$.steps[3].allowed_scores[2]"; odd keys are bracketed,
 *  e.g. category_map key "1.5" -> "$.steps[0].category_map['1.5']". */
export function jsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}

/**
 * Ajv reports JSON Pointers ("/steps/3/category_map/1"). Whether "1" is an array index or an
 * object key (category_map keys look like numbers) is decided by walking the actual input.
 */
export function segmentsFromPointer(pointer: string, input: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: unknown = input;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(?:0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return segments;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "step 4 ('cpr.depth')" for anything inside steps[3]; "zh-CN text" or "zh-CN text of step 4 ('cpr.depth')"
 *  inside a translation; otherwise "rubric". */
export function subjectOf(segments: readonly PathSegment[], input: unknown): string {
  if (segments[0] === 'translations' && typeof segments[1] === 'string' && segments.length > 2) {
    const language = segments[1];
    if (segments[2] !== 'steps' || typeof segments[3] !== 'string') return `${language} text`;
    const steps = isRecord(input) && Array.isArray(input.steps) ? (input.steps as unknown[]) : [];
    const index = steps.findIndex((s) => isRecord(s) && s.id === segments[3]);
    return index >= 0 ? `${language} text of ${stepLabel(index, input)}` : `${language} text of '${segments[3]}'`;
  }
  if (segments[0] !== 'steps' || typeof segments[1] !== 'number') return 'rubric';
  return stepLabel(segments[1], input);
}

export function stepLabel(index: number, input: unknown): string {
  const steps = isRecord(input) ? input.steps : undefined;
  const step = Array.isArray(steps) ? (steps[index] as unknown) : undefined;
  const id = isRecord(step) && typeof step.id === 'string' && step.id.trim() !== '' ? step.id : null;
  return id ? `step ${index + 1} ('${id}')` : `step ${index + 1}`;
}

/** The part of the path below the subject, e.g. "allowed_scores[2]" or "typical_deductions[0].points". */
export function fieldOf(segments: readonly PathSegment[]): string {
  const inTranslation = segments[0] === 'translations' && typeof segments[1] === 'string' && segments.length > 2;
  const rest =
    segments[0] === 'steps' && typeof segments[1] === 'number'
      ? segments.slice(2)
      : inTranslation && segments[2] === 'steps' && typeof segments[3] === 'string'
        ? segments.slice(4)
        : inTranslation
          ? segments.slice(2)
          : segments;
  return jsonPath(rest).replace(/^\$\.?/, '');
}

/** Short rendering of a value for a message: strings quoted, long things cut. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
