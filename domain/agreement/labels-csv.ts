/**
 * Labels CSV for `osce agreement`: one row per (recording, step, rater) score.
 * Required header columns: recording_id, step_id, max_score, rater, score; optional: station.
 * Other columns are ignored. Every problem is reported with the file name and the line number
 * (header = line 1), counted in physical lines so quoted multi-line fields do not shift it.
 */
import { isBlankRow, readCsvRows, type CsvRow } from '../csv/rows';
import { SCORE_EPSILON } from './categories';
import type { LabelRow } from './compute';

const REQUIRED_LABEL_COLUMNS = ['recording_id', 'step_id', 'max_score', 'rater', 'score'] as const;
type RequiredColumn = (typeof REQUIRED_LABEL_COLUMNS)[number];

export class LabelsFileError extends Error {
  override readonly name = 'LabelsFileError';
  constructor(
    message: string,
    readonly fileName: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${fileName}: ${message}` : `${fileName}, line ${line}: ${message}`);
  }
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(raw: string): number | null {
  if (!DECIMAL.test(raw)) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** Parses and validates the labels file; throws LabelsFileError on the first problem. */
export function parseLabelsCsv(text: string, fileName: string): LabelRow[] {
  const rows = readCsvRows(text);
  const header = rows[0];
  if (!header || isBlankRow(header)) {
    throw new LabelsFileError(`no header; expected columns ${REQUIRED_LABEL_COLUMNS.join(', ')}`, fileName, 1);
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_LABEL_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    const found = names.filter((n) => n !== '').join(', ') || 'none';
    throw new LabelsFileError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (columns found: ${found})`,
      fileName,
      1,
    );
  }
  const col = Object.fromEntries(REQUIRED_LABEL_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    RequiredColumn,
    number
  >;
  const stationCol = names.indexOf('station');

  const seen = new Map<string, { line: number; maxScore: number }>();
  const out: LabelRow[] = [];
  for (const row of rows.slice(1)) {
    if (row.quoteError) {
      const message =
        row.quoteError === 'unclosed'
          ? 'a quoted field is not closed'
          : 'a quoted field has text after its closing quote (write "" for a quote inside a field)';
      throw new LabelsFileError(message, fileName, row.line);
    }
    if (isBlankRow(row)) continue;
    if (row.widthError) throw new LabelsFileError(row.widthError, fileName, row.line);
    out.push(parseRow(row, col, stationCol, seen, fileName));
  }
  return out;
}

/** `seen` maps recording+step+rater and recording+step keys to the line first giving them. */
function parseRow(
  { line, fields }: CsvRow,
  col: Record<RequiredColumn, number>,
  stationCol: number,
  seen: Map<string, { line: number; maxScore: number }>,
  fileName: string,
): LabelRow {
  const get = (c: RequiredColumn): string => {
    const v = (fields[col[c]] ?? '').trim();
    if (v === '') throw new LabelsFileError(`empty ${c}`, fileName, line);
    return v;
  };
  const recordingId = get('recording_id');
  const stepId = get('step_id');
  const rater = get('rater');
  const maxRaw = get('max_score');
  const scoreRaw = get('score');
  const maxScore = parseDecimal(maxRaw);
  if (maxScore === null || maxScore <= 0) {
    throw new LabelsFileError(`max_score '${maxRaw}' is not a positive number`, fileName, line);
  }
  const score = parseDecimal(scoreRaw);
  if (score === null) throw new LabelsFileError(`score '${scoreRaw}' is not a number`, fileName, line);
  if (score < 0) throw new LabelsFileError(`score ${scoreRaw} is negative`, fileName, line);
  if (score > maxScore + SCORE_EPSILON) {
    throw new LabelsFileError(`score ${scoreRaw} is above max_score ${maxRaw}`, fileName, line);
  }

  const key = JSON.stringify([recordingId, stepId, rater]);
  const earlier = seen.get(key);
  if (earlier) {
    throw new LabelsFileError(
      `recording '${recordingId}', step '${stepId}', rater '${rater}' is scored twice (lines ${earlier.line} and ${line})`,
      fileName,
      line,
    );
  }
  const stepKey = JSON.stringify([recordingId, stepId]);
  const sameStep = seen.get(stepKey);
  if (sameStep && Math.abs(sameStep.maxScore - maxScore) > SCORE_EPSILON) {
    throw new LabelsFileError(
      `max_score ${maxRaw} for recording '${recordingId}', step '${stepId}' differs from ${sameStep.maxScore} on line ${sameStep.line}`,
      fileName,
      line,
    );
  }
  seen.set(key, { line, maxScore });
  if (!sameStep) seen.set(stepKey, { line, maxScore });

  const labelRow: LabelRow = { recordingId, stepId, maxScore, rater, score };
  const station = stationCol >= 0 ? (fields[stationCol] ?? '').trim() : '';
  if (station !== '') labelRow.station = station;
  return labelRow;
}

/** Distinct raters in file order. */
function ratersIn(rows: readonly LabelRow[]): string[] {
  return [...new Set(rows.map((r) => r.rater))];
}

/** Throws LabelsFileError naming the first requested rater that has no rows. */
export function assertRatersPresent(rows: readonly LabelRow[], raters: readonly string[], fileName: string): void {
  const found = ratersIn(rows);
  for (const rater of raters) {
    if (!found.includes(rater)) {
      throw new LabelsFileError(
        `rater '${rater}' is not in the file (raters found: ${found.join(', ') || 'none'})`,
        fileName,
      );
    }
  }
}
