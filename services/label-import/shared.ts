/**
 * What both label imports (examiner marks from paper, model predictions made elsewhere) share:
 * a problem list that names lines, CSV reading that counts physical lines, recording look-up by
 * id or sha256, and the rubric check of a score. Nothing is written unless the whole file is fine.
 */
import { excerpt, isBlankRow, readCsvRows } from '../../domain/csv/rows';
import type { Db } from '../../db/connection';
import { recordingRubrics } from '../../db/queries/recordings';
import { scoreCategory } from '../../domain/rubric/ordinal';
import type { RubricStep } from '../../domain/rubric/types';
import type { IndexedRubric, RubricLookup } from '../reports/rubric-lookup';

export interface ImportProblem {
  line?: number;
  /** For JSON: where in the document, e.g. predictions[3].score. */
  path?: string;
  message: string;
}

/** Problems listed in a message before "and N more". */
const SHOWN = 20;

/** A file was refused as a whole; `issues` reaches the UI field by field (line by line). */
export class LabelImportError extends Error {
  override name = 'LabelImportError';
  readonly issues: { path: string; message: string }[];
  constructor(
    readonly fileName: string,
    readonly problems: ImportProblem[],
  ) {
    const where = (p: ImportProblem) =>
      [p.line !== undefined ? `line ${p.line}` : '', p.path ?? ''].filter(Boolean).join(', ');
    const text = problems.slice(0, SHOWN).map((p) => (where(p) ? `${where(p)}: ${p.message}` : p.message));
    const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : '';
    super(
      `${fileName} was not imported (${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was written): ${text.join('; ')}${more}`,
    );
    this.issues = problems.map((p) => ({ path: where(p), message: p.message }));
  }
}

export class MarksImportError extends LabelImportError {
  override name = 'MarksImportError';
}

export class PredictionsImportError extends LabelImportError {
  override name = 'PredictionsImportError';
}

export interface CsvRecord {
  line: number;
  get(column: string): string;
}

export interface CsvTable {
  columns: string[];
  records: CsvRecord[];
}

/** Reads a CSV (UTF-8, BOM or not, LF or CRLF, quoted fields); lines are physical, header = line 1. */
export function readCsv(text: string, problems: ImportProblem[]): CsvTable {
  const rows = readCsvRows(text);
  for (const row of rows) {
    if (row.quoteError) {
      problems.push({
        line: row.line,
        message:
          'a quoted field is not closed, or has text after its closing quote (write "" for a quote inside a field)',
      });
    } else if (row.widthError && !isBlankRow(row)) {
      problems.push({ line: row.line, message: row.widthError });
    }
  }
  const header = rows[0];
  const columns = header ? header.fields.map((f) => f.trim().toLowerCase()) : [];
  const records = rows
    .slice(1)
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .map((r) => ({ line: r.line, get: (column: string) => (r.fields[columns.indexOf(column)] ?? '').trim() }));
  return { columns, records };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseNumber(raw: string): number | null {
  return DECIMAL.test(raw.trim()) ? Number(raw) : null;
}

/** yes/no style flags as spreadsheets write them; null when it is none of them. */
export function parseFlag(raw: string | boolean | number): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  const t = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'correct'].includes(t)) return true;
  if (['0', 'false', 'no', 'n', 'incorrect', 'error'].includes(t)) return false;
  return null;
}

export interface RecordingTarget {
  id: number;
  sha256: string;
  rubric: IndexedRubric;
}

/** Finds recordings by database id or file sha256, reading the recordings table once. */
export function recordingFinder(db: Db, rubrics: RubricLookup) {
  const rows = recordingRubrics(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySha = new Map(rows.map((r) => [r.sha256.toLowerCase(), r]));
  const target = (r: (typeof rows)[number]): RecordingTarget => ({
    id: r.id,
    sha256: r.sha256,
    rubric: rubrics.get(r.rubric_id, r.rubric_version),
  });

  /** Either reference may be blank; when both are given they must name the same recording. */
  return (idRaw: string, shaRaw: string): RecordingTarget | string => {
    const idText = idRaw.trim();
    const sha = shaRaw.trim().toLowerCase();
    if (idText === '' && sha === '') return 'give recording_id or sha256';
    let byIdHit: (typeof rows)[number] | undefined;
    if (idText !== '') {
      if (!/^\d+$/.test(idText)) return `recording_id '${excerpt(String(idText))}' is not a whole number`;
      byIdHit = byId.get(Number(idText));
      if (!byIdHit) return `no recording with id ${idText}`;
    }
    if (sha !== '') {
      if (!/^[0-9a-f]{64}$/.test(sha))
        return `sha256 '${excerpt(String(shaRaw.trim()))}' is not 64 hexadecimal characters`;
      const hit = bySha.get(sha);
      if (!hit) return `no recording with sha256 ${sha.slice(0, 12)}…`;
      if (byIdHit && byIdHit.id !== hit.id)
        return `recording_id ${idText} and sha256 ${sha.slice(0, 12)}… name different recordings`;
      return target(hit);
    }
    return target(byIdHit!);
  };
}

/** The rubric's own verdict on a score, as a message, or null when it is allowed. */
export function scoreProblem(step: RubricStep, score: number): string | null {
  try {
    scoreCategory(step, score);
    return null;
  } catch (err) {
    return `step '${step.id}': ${(err as Error).message}`;
  }
}

/** Steps of the rubric the (recording, rater) group does not cover, in rubric order. */
export function missingSteps(rubric: IndexedRubric, covered: ReadonlySet<string>): string[] {
  return rubric.steps.filter((s) => !covered.has(s.id)).map((s) => s.id);
}
