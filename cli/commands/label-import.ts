/** `osce marks import`, `osce predictions import` and `osce spans import`: whole files or nothing, problems by line. */
import { basename } from 'node:path';
import { importExaminerMarks } from '../../services/label-import/marks';
import { importModelPredictions } from '../../services/label-import/predictions';
import { importStepSpans } from '../../services/label-import/spans';
import { LabelImportError } from '../../services/label-import/shared';
import { readCsvFile } from '../../services/core/csv-file';
import { withContext } from '../context';
import { printResult, type CliIo } from '../io';

const ACTOR = 'cli';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Strict UTF-8, regular files only, size-capped: the one CSV file reader (services/core/csv-file.ts). */
function read(file: string, io: CliIo, command: string): string | null {
  try {
    return readCsvFile(file, { label: basename(file) });
  } catch (err) {
    io.err(`osce ${command}: ${(err as Error).message}\n`);
    return null;
  }
}

/** Every problem on its own line, so a long file's mistakes can be fixed in one pass. */
function reportProblems(io: CliIo, command: string, err: LabelImportError): number {
  io.err(
    `osce ${command}: ${err.fileName} was not imported; nothing was written. ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}:\n`,
  );
  for (const issue of err.issues) io.err(`  ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`);
  return 1;
}

export async function marksImportCommand(
  file: string,
  flags: { db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const text = read(file, io, 'marks import');
  if (text === null) return 1;
  return withContext(flags.db, io, (ctx) => {
    try {
      const r = importExaminerMarks(ctx.db, text, basename(file), { actor: ACTOR });
      printResult(
        io,
        flags.json,
        r,
        `imported ${plural(r.scores, 'step mark')}: ${plural(r.markings, 'submitted marking')} of ${plural(r.recordings, 'recording')} by ${r.examiners.join(', ')}` +
          `${r.newExaminers.length ? ` (new examiners: ${r.newExaminers.join(', ')})` : ''}\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof LabelImportError) return reportProblems(io, 'marks import', err);
      throw err;
    }
  });
}

export interface PredictionsFlags {
  model: string;
  promptVersion?: string;
  task?: string;
  mode?: string;
  frames?: string;
  resolution?: string;
  detail?: string;
  audio?: string;
  temperature?: string;
  seed?: string;
  db?: string;
  json?: boolean;
}

const DECLARED = ['task', 'mode', 'frames', 'resolution', 'detail', 'audio', 'temperature', 'seed'] as const;

export async function predictionsImportCommand(file: string, flags: PredictionsFlags, io: CliIo): Promise<number> {
  const text = read(file, io, 'predictions import');
  if (text === null) return 1;
  return withContext(flags.db, io, (ctx) => {
    try {
      const r = importModelPredictions(ctx.db, text, basename(file), {
        model: flags.model,
        actor: ACTOR,
        ...(flags.promptVersion ? { promptVersion: flags.promptVersion } : {}),
        // Checked by the import itself, with the file's own declarations, so both get the same messages.
        declared: Object.fromEntries(DECLARED.flatMap((k) => (flags[k] !== undefined ? [[k, flags[k]]] : []))),
      });
      printResult(
        io,
        flags.json,
        r,
        `imported ${plural(r.scores, 'prediction')} for ${plural(r.recordings, 'recording')} as ${r.label}` +
          `${r.replaced ? ` (replacing ${r.replaced} earlier predictions)` : ''}; they now appear on the leaderboard\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof LabelImportError) return reportProblems(io, 'predictions import', err);
      throw err;
    }
  });
}

/** `osce spans import CSV --examiner NAME`: step spans (recording,step_id,start_s,end_s) as that examiner's. */
export async function spansImportCommand(
  file: string,
  flags: { examiner: string; db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const text = read(file, io, 'spans import');
  if (text === null) return 1;
  return withContext(flags.db, io, (ctx) => {
    try {
      const r = importStepSpans(ctx.db, text, basename(file), { examiner: flags.examiner, actor: ACTOR });
      printResult(
        io,
        flags.json,
        r,
        `imported ${plural(r.spans, 'step span')} of ${plural(r.recordings, 'recording')} as ${r.examiner}'s` +
          `${r.newExaminer ? ' (new examiner)' : ''}${r.replaced ? `, replacing ${r.replaced} earlier` : ''}; clip scoring now uses them\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof LabelImportError) return reportProblems(io, 'spans import', err);
      throw err;
    }
  });
}
