import { statSync } from 'node:fs';
import { CsvEncodingError } from '../../domain/csv/rows';
import { CsvFileError, readCsvFile } from '../../services/core/csv-file';
import { basename } from 'node:path';
import { MAX_RUBRIC_FILE_CHARS } from '../../contract/rubrics';
import type { RubricSaveResult } from '../../contract/rubrics';
import { scoreCategory } from '../../domain/rubric/ordinal';
import type { RubricStep } from '../../domain/rubric/types';
import { importRubricFile, rubricFileKind } from '../../services/rubrics/rubric-file';
import { formatProblem, getRubric, InvalidRubricError, listRubrics } from '../../services/rubrics/store';
import { withContext } from '../context';
import { UsageError, type CliIo } from '../io';

interface DbFlags {
  db?: string | undefined;
  json?: boolean | undefined;
}

const points = (n: number) => String(n);

/** `osce rubrics`: one line per rubric, its latest version. */
export function rubricsList(flags: DbFlags, io: CliIo): Promise<number> {
  return withContext(flags.db, io, (ctx) => {
    const list = listRubrics(ctx.db);
    if (flags.json) {
      io.out(JSON.stringify(list, null, 2) + '\n');
      return 0;
    }
    const rows = list.map((r) => [
      r.id,
      `v${r.version}`,
      String(r.stepCount),
      points(r.totalPoints),
      r.builtin ? 'built-in' : 'custom',
      r.title,
    ]);
    io.out(table(['ID', 'VERSION', 'STEPS', 'POINTS', 'SOURCE', 'TITLE'], rows));
    return 0;
  });
}

/** `osce rubric show ID [--version N]`: every field of every step. */
export function rubricShow(id: string, flags: DbFlags & { version?: string | undefined }, io: CliIo): Promise<number> {
  const version = flags.version === undefined ? undefined : positiveInt('--version', flags.version);
  return withContext(flags.db, io, (ctx) => {
    const stored = getRubric(ctx.db, id, version);
    const r = stored.rubric;
    if (flags.json) {
      // The rubric exactly as a file, so `show --json > x.json` can be edited and imported again.
      io.out(JSON.stringify(r, null, 2) + '\n');
      return 0;
    }
    const total = r.steps.reduce((sum, s) => sum + s.max_points, 0);
    const facts = [
      stored.builtin ? 'built-in' : 'custom',
      stored.inUse ? 'in use by scores (frozen)' : 'not used by any score yet',
      stored.version < stored.latestVersion ? `latest is v${stored.latestVersion}` : 'latest version',
    ];
    const lines = [
      `${r.id} v${stored.version}: ${r.title}`,
      `station: ${r.station}`,
      `${r.steps.length} steps, ${points(total)} points; ${facts.join(', ')}`,
      `content hash: ${stored.contentHash}`,
      '',
      wrap(r.description, ''),
    ];
    r.steps.forEach((step, i) => lines.push('', ...stepLines(step, i)));
    io.out(lines.join('\n') + '\n');
    return 0;
  });
}

function stepLines(step: RubricStep, index: number): string[] {
  const pad = '    ';
  const deductions = step.typical_deductions.length
    ? step.typical_deductions.map((d) => `${pad}  -${points(d.points)}  ${d.reason}`)
    : [`${pad}  (none)`];
  // Printed for every step so an admin sees how each score counts in the agreement statistics.
  const categories = step.allowed_scores.map((s) => `${s}→${scoreCategory(step, s)}`).join('  ');
  return [
    `${String(index + 1).padStart(2)}. ${step.id}${step.critical ? '  [CRITICAL]' : ''}`,
    `${pad}title:            ${step.title}`,
    wrap(step.criteria, `${pad}criteria:         `),
    `${pad}max points:       ${points(step.max_points)}`,
    `${pad}allowed scores:   ${step.allowed_scores.join(', ')}`,
    `${pad}typical deductions:`,
    ...deductions,
    `${pad}critical:         ${step.critical ? 'yes (failing it fails the station)' : 'no'}`,
    `${pad}categories:       ${categories}  (${step.category_map ? 'overridden by this rubric' : 'default mapping'})`,
  ];
}

export interface ImportFlags extends DbFlags {
  id?: string | undefined;
  title?: string | undefined;
  station?: string | undefined;
}

/** `osce rubric import FILE`: a rubric JSON or a checklist CSV; each problem on its own line. */
export function rubricImport(file: string, flags: ImportFlags, io: CliIo): Promise<number> {
  const content = readRubricFile(file);
  const name = basename(file);
  const kind = rubricFileKind(name, content);
  if (kind === 'json' && (flags.id || flags.title || flags.station)) {
    throw new UsageError(
      '--id, --title and --station are for CSV checklists; a rubric JSON names its own id and title',
    );
  }
  return withContext(flags.db, io, (ctx) => {
    let saved: RubricSaveResult;
    try {
      saved = importRubricFile(
        ctx.db,
        { fileName: name, content, id: flags.id, title: flags.title, station: flags.station },
        'cli',
      );
    } catch (err) {
      if (!(err instanceof InvalidRubricError)) throw err;
      for (const p of err.problems)
        io.err(p.line !== undefined ? `${file}, line ${p.line}: ${p.message}\n` : `${file}: ${formatProblem(p)}\n`);
      return 1;
    }
    if (flags.json) {
      const { rubric, ...rest } = saved;
      io.out(
        JSON.stringify({ id: rubric.id, title: rubric.title, steps: rubric.steps.length, ...rest }, null, 2) + '\n',
      );
    } else {
      io.out(saveSentence(saved) + '\n');
    }
    return 0;
  });
}

export function saveSentence(s: RubricSaveResult): string {
  const what = `${s.rubric.id} (${s.rubric.title})`;
  switch (s.outcome) {
    case 'new-rubric':
      return `Imported ${what} as version ${s.version}, ${s.rubric.steps.length} steps.`;
    case 'updated':
      return `Updated ${what} version ${s.version} in place (no score uses it yet).`;
    case 'texts-updated':
      return `Updated the translated text of ${what} version ${s.version} in place; its steps, points and scoring are unchanged.`;
    case 'unchanged':
      return `${what} version ${s.version} already has this content; nothing changed.`;
    case 'new-version': {
      const why =
        s.reason === 'in-use'
          ? 'is in use by scores'
          : s.reason === 'builtin'
            ? 'ships with the app'
            : 'is older than the latest version';
      return `Saved ${what} as version ${s.version} (version ${s.previousVersion} ${why} and stays unchanged).`;
    }
  }
}

/** A missing or oversized file is the caller's mistake (exit 2), not a bad rubric (exit 1). */
function readRubricFile(file: string): string {
  try {
    if (statSync(file).size > MAX_RUBRIC_FILE_CHARS * 4)
      throw new UsageError(`${file} is larger than a rubric file can be`);
    // A checklist CSV goes through the one CSV reader (strict UTF-8); JSON is checked the same way.
    const text = readCsvFile(file, { maxBytes: MAX_RUBRIC_FILE_CHARS * 4 });
    if (text.length > MAX_RUBRIC_FILE_CHARS) throw new UsageError(`${file} is larger than a rubric file can be (1 MB)`);
    return text;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof CsvEncodingError) throw err;
    if (err instanceof CsvFileError) throw new UsageError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`,
    );
  }
}

function positiveInt(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} must be a whole number from 1, got '${value}'`);
  return Number(value);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** Wraps long prose at 100 columns, continuation lines indented under the first. */
function wrap(text: string, prefix: string): string {
  const indent = ' '.repeat(prefix.length);
  const out: string[] = [];
  let words: string[] = [];
  let width = prefix.length;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (words.length > 0 && width + 1 + word.length > 100) {
      out.push((out.length === 0 ? prefix : indent) + words.join(' '));
      words = [];
      width = indent.length;
    }
    width += (words.length > 0 ? 1 : 0) + word.length;
    words.push(word);
  }
  out.push((out.length === 0 ? prefix : indent) + words.join(' '));
  return out.join('\n');
}
