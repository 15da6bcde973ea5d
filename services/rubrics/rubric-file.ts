/**
 * Importing a rubric file: a rubric JSON (as exported by the app or written by hand) or a checklist
 * CSV (`step,title,criteria,max_points`). The CLI and the app's import button both land here, and
 * every problem names the file and the JSONPath or CSV line where it is.
 */
import { basename, extname } from 'node:path';
import type { Db } from '../../db/connection';
import type { RubricSaveResult } from '../../contract/rubrics';
import { rubricFromChecklistCsv, slugify } from '../../domain/rubric/csv';
import { InvalidRubricError, saveRubric, storeRubric } from './store';

export type RubricFileKind = 'json' | 'csv';

export interface RubricFileInput {
  fileName: string;
  content: string;
  /** CSV only: the rubric's id, title and station (derived from the file name when absent). */
  id?: string | undefined;
  title?: string | undefined;
  station?: string | undefined;
}

/** The extension decides; a file without a known one is JSON when it starts like a JSON object. */
export function rubricFileKind(fileName: string, content: string): RubricFileKind {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return /^\uFEFF?\s*\{/.test(content) ? 'json' : 'csv';
}

export function importRubricFile(
  db: Db,
  file: RubricFileInput,
  actor: string,
): RubricSaveResult & { kind: RubricFileKind } {
  const name = basename(file.fileName);
  const kind = rubricFileKind(name, file.content);
  if (kind === 'json') {
    return { kind, ...saveRubric(db, parseJson(name, file.content), { actor, action: 'import' }, name) };
  }
  const derived = rubricMetaFromFileName(name);
  const imported = rubricFromChecklistCsv(file.content, {
    id: file.id ?? derived.id,
    title: file.title ?? derived.title,
    station: file.station ?? file.title ?? derived.title,
    fileName: name,
  });
  if (!imported.ok) throw new InvalidRubricError(name, imported.problems);
  return { kind, ...storeRubric(db, imported.rubric, { actor, action: 'import' }) };
}

/** "Station 3 - Airway.csv" -> id "station_3_airway", title "Station 3 - Airway". */
function rubricMetaFromFileName(fileName: string): { id: string; title: string } {
  const stem = basename(fileName, extname(fileName)).trim();
  const id = slugify(stem).slice(0, 64).replace(/_+$/, '') || 'imported_checklist';
  const title = stem.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Imported checklist';
  return { id, title };
}

/** JSON.parse reports a character position; people need a line. */
function parseJson(fileName: string, content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const detail = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    if (!position) {
      const line = /\(line (\d+) column \d+\)/.exec(message);
      if (line) return fail(fileName, Number(line[1]), detail);
      throw new InvalidRubricError(fileName, [{ message: `not valid JSON: ${detail}` }]);
    }
    const offset = Number(position[1]);
    return fail(fileName, content.slice(0, offset).split(/\r\n|\r|\n/).length, detail);
  }
}

function fail(fileName: string, line: number, detail: string): never {
  throw new InvalidRubricError(fileName, [{ line, message: `not valid JSON: ${detail}` }]);
}
