/**
 * CSV rows with the physical line each starts on, so every file the app reads (labels, manifests,
 * marks, predictions, rubric checklists) can name the line of a problem the same way. Quoted
 * fields may span lines; blank lines come back as rows of empty fields for the caller to skip.
 */
import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based physical line where the row starts (the header is line 1). */
  line: number;
  fields: string[];
  /** 'unclosed': a quote never closed; 'malformed': text after a closing quote. */
  quoteError: 'unclosed' | 'malformed' | null;
  /** papaparse's own messages for this row, if any. */
  errors: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countLineBreaks = (s: string) => s.match(LINE_BREAK)?.length ?? 0;

/** Splits text (a leading BOM is dropped) into rows tagged with their starting line. */
export function readCsvRows(text: string): CsvRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    step: (result) => {
      rows.push({
        line,
        fields: result.data,
        quoteError: result.errors.some((e) => e.code === 'InvalidQuotes')
          ? 'malformed'
          : result.errors.some((e) => e.type === 'Quotes')
            ? 'unclosed'
            : null,
        errors: result.errors.map((e) => e.message),
      });
      const end = result.meta.cursor;
      line += countLineBreaks(body.slice(start, end));
      start = end;
    },
  });
  return rows;
}

export const isBlankRow = (row: { fields: string[] }): boolean => row.fields.every((f) => f.trim() === '');
