/**
 * Builds a rubric from a checklist CSV (header `step,title,criteria,max_points`, optional
 * `critical`), the format labs already keep their exam sheets in. Problems name the CSV line
 * (header = line 1) so the admin can find them in a spreadsheet; the assembled rubric then goes
 * through validateRubric like any other rubric file.
 */
import { readCsvRows } from '../csv/rows';
import type { Rubric, RubricStep } from './types';
import { validateRubric } from './validate';

export interface ChecklistMeta {
  id: string;
  title: string;
  station: string;
  /** Shown in the rubric's description so an imported rubric says where it came from. */
  fileName: string;
}

/** `line` is the 1-based CSV line; `path` is set when the problem came from validateRubric. */
export interface ChecklistProblem {
  line?: number;
  path?: string;
  message: string;
}

export type ChecklistImport = { ok: true; rubric: Rubric } | { ok: false; problems: ChecklistProblem[] };

const REQUIRED_COLUMNS = ['step', 'title', 'criteria', 'max_points'] as const;
const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', '']);

interface CsvRow {
  fields: string[];
  line: number;
}

export function rubricFromChecklistCsv(text: string, meta: ChecklistMeta): ChecklistImport {
  const problems: ChecklistProblem[] = [];
  const { rows, parseProblems } = parseRows(text);
  problems.push(...parseProblems);

  const header = rows[0];
  if (!header) return { ok: false, problems: [{ message: `${meta.fileName} is empty` }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    // Spreadsheets in many locales export with ';', which leaves the whole header in one column.
    const hint =
      columns.length === 1 && /[;\t]/.test(header.fields[0] ?? '')
        ? '; the file looks semicolon- or tab-separated, save it as comma-separated CSV'
        : '';
    const names = missing.map((m) => `'${m}'`).join(', ');
    const what = missing.length === 1 ? 'column' : 'columns';
    problems.push({
      line: 1,
      message: `missing ${what} ${names} (the header must include ${REQUIRED_COLUMNS.join(', ')})${hint}`,
    });
    return { ok: false, problems };
  }
  const col = (name: string): number => columns.indexOf(name);

  const steps: RubricStep[] = [];
  const stepLines: number[] = [];
  for (const [ordinal, row] of rows.slice(1).entries()) {
    const get = (name: string): string => (col(name) >= 0 ? (row.fields[col(name)] ?? '').trim() : '');
    const rowProblems: ChecklistProblem[] = [];
    const complain = (message: string): void => void rowProblems.push({ line: row.line, message });

    const stepValue = get('step');
    if (stepValue === '') complain('the step column is empty');
    const maxPoints = parseMaxPoints(get('max_points'), complain);
    const critical = parseCritical(get('critical'), complain);

    problems.push(...rowProblems);
    if (rowProblems.length > 0 || maxPoints === null) continue;
    steps.push({
      id: stepId(stepValue, meta.id, ordinal + 1),
      title: get('title'),
      criteria: get('criteria'),
      max_points: maxPoints,
      allowed_scores: defaultAllowedScores(maxPoints),
      typical_deductions: [],
      critical,
    });
    stepLines.push(row.line);
  }

  // With every row rejected, "the rubric has no steps" would only repeat the row problems.
  if (problems.length > 0 && steps.length === 0) return { ok: false, problems };

  const rubric: Rubric = {
    id: meta.id,
    version: 1,
    title: meta.title,
    station: meta.station,
    description: `Imported from the checklist ${meta.fileName}.`,
    source_notes: `CSV import of ${meta.fileName}: whole-point scores from 0 to each maximum, no typical deductions yet.`,
    steps,
  };
  const validation = validateRubric(rubric);
  if (!validation.ok) {
    for (const problem of validation.problems) {
      const index = /^\$\.steps\[(\d+)\]/.exec(problem.path);
      const line = index ? stepLines[Number(index[1])] : undefined;
      problems.push(
        line === undefined
          ? { path: problem.path, message: problem.message }
          : { line, path: problem.path, message: problem.message },
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems: byLine(problems) };
  return validation.ok ? { ok: true, rubric: validation.rubric } : { ok: false, problems };
}

/** Rows with their physical lines (shared reader); whitespace-only lines are not rows. */
function parseRows(text: string): { rows: CsvRow[]; parseProblems: ChecklistProblem[] } {
  const rows: CsvRow[] = [];
  const parseProblems: ChecklistProblem[] = [];
  for (const row of readCsvRows(text)) {
    if (row.fields.length === 1 && row.fields[0]!.trim() === '') continue;
    rows.push({ fields: row.fields, line: row.line });
    for (const message of row.errors)
      parseProblems.push({ line: row.line, message: `cannot read this line: ${message}` });
    if (row.widthError) parseProblems.push({ line: row.line, message: row.widthError });
  }
  return { rows, parseProblems };
}

function parseMaxPoints(raw: string, complain: (message: string) => void): number | null {
  if (raw === '') {
    complain('max_points is empty');
    return null;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || !/^[+]?\d*\.?\d+$/.test(raw)) {
    complain(`max_points '${raw}' is not a number`);
    return null;
  }
  if (value <= 0 || !Number.isInteger(value * 2)) {
    complain(`max_points ${raw} must be a whole or half point above 0`);
    return null;
  }
  return value;
}

function parseCritical(raw: string, complain: (message: string) => void): boolean {
  const word = raw.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (!FALSE_WORDS.has(word)) complain(`critical '${raw}' should be yes or no`);
  return false;
}

/** Whole points 0..max, plus the maximum itself when it is a half point (2.5 -> 0, 1, 2, 2.5). */
export function defaultAllowedScores(maxPoints: number): number[] {
  const scores: number[] = [];
  for (let s = 0; s <= maxPoints; s++) scores.push(s);
  if (!Number.isInteger(maxPoints)) scores.push(maxPoints);
  return scores;
}

/** "Chest compressions" -> "chest_compressions"; accents are folded so "Réanimation" keeps its
 *  letters. Empty when nothing Latin-alphanumeric is left (e.g. a step named in Chinese). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * A value that already looks like a step id ("cpr.depth") is kept, slugified part by part; any
 * other value gets the rubric id as prefix. Numbered items ("1.2") are not ids: they become
 * "cpr.1_2". A value that slugifies to nothing falls back to its row position, which is stable as
 * long as the row order is.
 */
function stepId(value: string, rubricId: string, ordinal: number): string {
  const parts = value.split('.').map(slugify);
  if (parts.length > 1 && parts.every((p) => p !== '') && /^[a-z]/.test(parts[0] ?? '')) {
    return parts.join('.');
  }
  return `${rubricId}.${slugify(value) || `step_${ordinal}`}`;
}

function byLine(problems: ChecklistProblem[]): ChecklistProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
