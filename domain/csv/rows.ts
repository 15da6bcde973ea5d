/**
 * The one CSV reader of the app. Every file it reads (labels, manifests, marks, predictions,
 * rubric checklists) is hostile until checked, and all of them get the same treatment: bytes are
 * decoded as strict UTF-8 (a Latin-1 "Müller" is refused, never stored as "M\uFFFDller"), each
 * row carries the physical line it starts on, and a row with more fields than the header
 * (an unquoted comma inside a comment) is flagged instead of silently cutting the value short.
 * Quoted fields may span lines; blank lines come back as rows of empty fields for the caller to skip.
 */
import Papa from 'papaparse';
import { printable } from '../names';

export interface CsvRow {
  /** 1-based physical line where the row starts (the header is line 1). */
  line: number;
  fields: string[];
  /** 'unclosed': a quote never closed; 'malformed': text after a closing quote. */
  quoteError: 'unclosed' | 'malformed' | null;
  /** A data row with more fields than the header (a value split by a comma), said in words; else null. */
  widthError: string | null;
  /** papaparse's own messages for this row, if any. */
  errors: string[];
}

/** The file is not UTF-8 text: refused whole, so no value is stored with replacement characters. */
export class CsvEncodingError extends Error {
  override name = 'CsvEncodingError';
  constructor(
    readonly fileName: string,
    readonly line: number,
  ) {
    super(
      `${fileName} is not UTF-8 text (line ${line} has bytes that are not UTF-8, e.g. a Latin-1 "ü"); save it from the spreadsheet as "CSV UTF-8". Nothing was imported.`,
    );
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a file's bytes as strict UTF-8 (a BOM is dropped); the first bad byte's line is named. */
export function decodeCsvBytes(bytes: Uint8Array, fileName: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    // Find the line of the first invalid byte so the user knows where to look.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid));
        lo = mid;
      } catch {
        hi = mid;
      }
    }
    let line = 1;
    for (let i = 0; i < lo; i++) if (bytes[i] === 0x0a) line++;
    throw new CsvEncodingError(fileName, line);
  }
}

/**
 * At most `max` characters of a value for a message: a 50 MB field is never echoed back whole, and
 * line breaks become spaces and other control characters \u escapes, so a message never carries a
 * terminal escape sequence from a file.
 */
export function excerpt(value: string, max = 60): string {
  const oneLine = printable(value.replace(/[\r\n\t]+/g, ' '));
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}… (${value.length} characters)`;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countLineBreaks = (s: string) => s.match(LINE_BREAK)?.length ?? 0;

export const isBlankRow = (row: { fields: string[] }): boolean => row.fields.every((f) => f.trim() === '');

/** Splits text (a leading BOM is dropped) into rows tagged with their starting line. */
export function readCsvRows(text: string): CsvRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let start = 0;
  let line = 1;
  let headerWidth: number | null = null;
  Papa.parse<string[]>(body, {
    delimiter: ',',
    step: (result) => {
      const fields = result.data;
      const blank = fields.length === 1 && fields[0]!.trim() === '';
      let widthError: string | null = null;
      if (!blank) {
        if (headerWidth === null) headerWidth = fields.length;
        // More fields than the header means a value was split; fewer is only trailing empty cells.
        else if (fields.length > headerWidth) {
          widthError = `has ${fields.length} fields but the header has ${headerWidth} (a comma inside a value? put that value in double quotes)`;
        }
      }
      rows.push({
        line,
        fields,
        quoteError: result.errors.some((e) => e.code === 'InvalidQuotes')
          ? 'malformed'
          : result.errors.some((e) => e.type === 'Quotes')
            ? 'unclosed'
            : null,
        widthError,
        errors: result.errors.map((e) => e.message),
      });
      const end = result.meta.cursor;
      line += countLineBreaks(body.slice(start, end));
      start = end;
    },
  });
  return rows;
}
