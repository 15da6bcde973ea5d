/**
 * The import manifest: a CSV with one row per recording, `file,candidate,station,session,date`,
 * as labs keep their exam-day lists in spreadsheets. Only `file` is required; every other column
 * is kept on the recording as an attribute. Paths are relative to the manifest's folder. Every
 * problem names its line (header = line 1, physical lines, so quoted line breaks do not shift it)
 * and all of them are reported at once, so the file can be fixed in one pass.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CsvEncodingError, readCsvRows, type CsvRow } from '../../domain/csv/rows';
import { CsvFileError, readCsvFile } from '../core/csv-file';
import { ManifestError } from './errors';
import { candidateProblem, dateProblem, sessionProblem } from './fields';

export interface ManifestRow {
  line: number;
  /** Absolute path of the recording. */
  file: string;
  candidate?: string;
  station?: string;
  session?: string;
  date?: string;
  /** Extra columns, by header name; empty cells are left out. */
  attributes: Record<string, string>;
}

const KNOWN_COLUMNS = ['file', 'candidate', 'station', 'session', 'date'] as const;
type KnownColumn = (typeof KNOWN_COLUMNS)[number];
const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
const MAX_REPORTED_PROBLEMS = 50;

/** Rows of the manifest; a blank line (one empty field) is not a row. */
function readRows(text: string): CsvRow[] {
  return readCsvRows(text).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
}

export interface ManifestOptions {
  /** Rubric ids a station cell may name. */
  knownStations: ReadonlySet<string>;
}

/** Parses and validates manifest text; `manifestPath` anchors relative paths and names the file in errors. */
export function parseManifest(text: string, manifestPath: string, opts: ManifestOptions): ManifestRow[] {
  const problems: { line?: number; message: string }[] = [];
  const rows = readRows(text);
  const header = rows[0];
  if (!header)
    throw new ManifestError(manifestPath, [{ message: 'the file is empty; expected a header row starting with file' }]);

  const names = header.fields.map((f) => f.trim());
  const lower = names.map((n) => n.toLowerCase());
  if (!lower.includes('file')) {
    const hint =
      names.length === 1 && /[;\t]/.test(names[0] ?? '')
        ? '; the file looks semicolon- or tab-separated, save it as comma-separated CSV'
        : '';
    throw new ManifestError(manifestPath, [
      {
        line: header.line,
        message: `no 'file' column (the header must include file; optional: candidate, station, session, date)${hint}`,
      },
    ]);
  }
  lower.forEach((name, i) => {
    if (name === '') problems.push({ line: header.line, message: `column ${i + 1} has no name` });
    else if (lower.indexOf(name) !== i)
      problems.push({ line: header.line, message: `column '${names[i]}' appears twice` });
  });

  const base = dirname(resolve(manifestPath));
  const out: ManifestRow[] = [];
  const firstLineOfFile = new Map<string, number>();
  const sessionDates = new Map<string, { date: string; line: number }>();

  for (const row of rows.slice(1)) {
    const complain = (message: string) => problems.push({ line: row.line, message });
    if (row.quoteError) {
      complain('a quoted field is not closed or has a stray quote');
      continue;
    }
    if (row.fields.length !== names.length) {
      complain(`has ${row.fields.length} fields but the header has ${names.length}`);
      continue;
    }
    const cell = (column: KnownColumn) => {
      const i = lower.indexOf(column);
      return i >= 0 ? row.fields[i]!.trim() : '';
    };
    const file = cell('file');
    if (!file) {
      complain('file is empty');
      continue;
    }
    if (file.includes('\0')) {
      complain('file contains a NUL character');
      continue;
    }
    const abs = isAbsolute(file) ? resolve(file) : resolve(base, file);
    const earlier = firstLineOfFile.get(abs);
    if (earlier !== undefined) complain(`file '${file}' is already listed on line ${earlier}`);
    else firstLineOfFile.set(abs, row.line);

    const entry: ManifestRow = { line: row.line, file: abs, attributes: {} };
    const candidate = cell('candidate');
    if (candidate) {
      const p = candidateProblem(candidate);
      if (p) complain(p);
      entry.candidate = candidate;
    }
    const station = cell('station');
    if (station) {
      if (!opts.knownStations.has(station)) {
        complain(
          `station '${station}' is not a stored rubric id (known: ${[...opts.knownStations].sort().join(', ') || 'none'})`,
        );
      }
      entry.station = station;
    }
    const session = cell('session');
    if (session) {
      const p = sessionProblem(session);
      if (p) complain(p);
      entry.session = session;
    }
    const date = cell('date');
    if (date) {
      const p = dateProblem(date);
      entry.date = date;
      if (p) complain(p);
      else {
        // One session is one exam day: two dates for it means a typo in one of the rows.
        const seen = sessionDates.get(session);
        if (!seen) sessionDates.set(session, { date, line: row.line });
        else if (seen.date !== date)
          complain(`date ${date} differs from ${seen.date} given for the same session on line ${seen.line}`);
      }
    }
    names.forEach((name, i) => {
      const value = row.fields[i]!.trim();
      if (!KNOWN_COLUMNS.includes(lower[i] as KnownColumn) && name && value) entry.attributes[name] = value;
    });
    out.push(entry);
  }
  if (out.length === 0 && problems.length === 0) problems.push({ message: 'it lists no recordings (only a header)' });
  if (problems.length > 0) throw new ManifestError(manifestPath, problems.slice(0, MAX_REPORTED_PROBLEMS));
  return out;
}

/** Reads and validates a manifest file; an unreadable file is a ManifestError too (a usage problem). */
export async function readManifest(manifestPath: string, opts: ManifestOptions): Promise<ManifestRow[]> {
  const abs = resolve(manifestPath);
  let text: string;
  try {
    const info = await stat(abs);
    if (!info.isFile()) throw new ManifestError(abs, [{ message: 'is not a file' }]);
    text = readCsvFile(abs, { maxBytes: MAX_MANIFEST_BYTES });
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    if (error instanceof CsvEncodingError)
      throw new ManifestError(abs, [
        { line: error.line, message: 'is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8"' },
      ]);
    if (error instanceof CsvFileError && /larger than/.test(error.message)) {
      throw new ManifestError(abs, [{ message: 'is larger than 10 MB; a manifest is a list of file names' }]);
    }
    const code = (error as NodeJS.ErrnoException).code;
    const detail =
      error instanceof CsvFileError ? error.message.slice(`cannot read ${abs}: `.length) : (error as Error).message;
    const why =
      code === 'ENOENT' || detail === 'no such file'
        ? 'does not exist'
        : code === 'EACCES' || detail === 'permission denied'
          ? 'cannot be opened (permission denied)'
          : `cannot be read: ${detail}`;
    throw new ManifestError(abs, [{ message: why }]);
  }
  return parseManifest(text, abs, opts);
}
