/** `osce report`, `osce export` and `osce feedback`: the app's report files from the command line. */
import { extname, resolve } from 'node:path';
import type { ExportFormat } from '../../contract/reports';
import { NotFoundError } from '../../services/core/errors';
import { exportFeedbackHtml, exportFeedbackPdf, exportReportPdf, reportFiles } from '../../services/reports/exports';
import { ChromiumPdfRenderer } from '../../services/reports/pdf';
import { writeFileAtomic } from '../../services/integrity/files';
import { withContext } from '../context';
import { printResult, UsageError, type CliIo } from '../io';
import { isLocale, resolveLocale, type Locale } from '../../domain/i18n/locales';

/**
 * The language of a report or feedback file: --lang, else the environment's (LC_ALL, LC_MESSAGES,
 * LANG, as a shell user expects), else English.
 */
export function languageOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (flag !== undefined) {
    if (!isLocale(flag)) throw new UsageError(`--lang must be en or zh-CN (got '${flag}')`);
    return flag;
  }
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].filter((v): v is string => !!v && v !== 'C' && v !== 'POSIX');
  return resolveLocale('system', fromEnv);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Written beside the target and renamed, so a failed run (a full disk) never leaves half a report. */
function writeAtomically(file: string, content: string | Buffer): void {
  writeFileAtomic(file, content);
}

function formatOf(out: string, allowed: readonly string[], flag = '--out'): string {
  const ext = extname(out).slice(1).toLowerCase();
  if (!allowed.includes(ext)) {
    throw new UsageError(`${flag} must end in ${allowed.map((a) => `.${a}`).join(', ')} (got '${out}')`);
  }
  return ext;
}

function notFound(io: CliIo, err: unknown): number {
  if (err instanceof NotFoundError) {
    io.err(`osce: ${err.message}\n`);
    return 1;
  }
  throw err;
}

export interface ReportFlags {
  out: string;
  session?: string;
  station?: string;
  minCoverage?: string;
  minRecordings?: string;
  lang?: string;
  db?: string;
  json?: boolean;
}

/** The leaderboard minimums given on the command line, checked like the app checks them. */
function minimums(flags: ReportFlags): { minCoverage?: number; minRecordings?: number } {
  const out: { minCoverage?: number; minRecordings?: number } = {};
  if (flags.minCoverage !== undefined) {
    const text = flags.minCoverage.trim().replace(/%$/, '');
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0 || n > 100)
      throw new UsageError(`--min-coverage must be a percentage from 0 to 100 (got '${flags.minCoverage}')`);
    out.minCoverage = n / 100;
  }
  if (flags.minRecordings !== undefined) {
    const n = Number(flags.minRecordings);
    if (!/^\d+$/.test(flags.minRecordings.trim()) || n < 1)
      throw new UsageError(`--min-recordings must be a whole number of at least 1 (got '${flags.minRecordings}')`);
    out.minRecordings = n;
  }
  return out;
}

/** `osce report --out FILE.html|.pdf|.csv|.json [--session NAME] [--station ID] [--min-coverage PCT] [--min-recordings N]`. */
export async function reportCommand(flags: ReportFlags, io: CliIo): Promise<number> {
  const format = formatOf(flags.out, ['html', 'pdf', 'csv', 'json']);
  const out = resolve(flags.out);
  const filter = { session: flags.session, station: flags.station };
  const limits = minimums(flags);
  const locale = languageOf(flags.lang);
  return withContext(flags.db, io, async (ctx) => {
    try {
      const opts = { appVersion: ctx.appVersion, ...limits };
      if (format === 'pdf') {
        writeAtomically(out, await exportReportPdf(ctx.db, new ChromiumPdfRenderer(), filter, opts, locale));
        printResult(io, flags.json, { file: out, format }, `report written: ${out}\n`);
        return 0;
      }
      const files = reportFiles(ctx.db, filter, opts, locale);
      writeAtomically(out, files[format as ExportFormat]());
      const s = files.report.scope;
      printResult(
        io,
        flags.json,
        {
          file: out,
          format,
          recordings: s.recordings,
          examinerPairs: files.report.examinerPairs.length,
          modelConfigurations: files.report.leaderboard.entries.length,
        },
        `report written: ${out} (${plural(s.recordings, 'recording')}, ${plural(files.report.examinerPairs.length, 'examiner pair')}, ${plural(files.report.leaderboard.entries.length, 'model configuration')})\n`,
      );
      return 0;
    } catch (err) {
      return notFound(io, err);
    }
  });
}

/** `osce export --format json|csv --out FILE`: every recording, step and rater of the lab. */
export async function exportCommand(
  flags: { format: string; out: string; db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  if (flags.format !== 'json' && flags.format !== 'csv')
    throw new UsageError(`--format must be json or csv (got '${flags.format}')`);
  const format = flags.format;
  const out = resolve(flags.out);
  return withContext(flags.db, io, (ctx) => {
    const files = reportFiles(ctx.db, {}, { appVersion: ctx.appVersion });
    writeAtomically(out, files[format]());
    printResult(
      io,
      flags.json,
      { file: out, format, recordings: files.report.scope.recordings },
      `export written: ${out} (${plural(files.report.scope.recordings, 'recording')})\n`,
    );
    return 0;
  });
}

/** `osce feedback --candidate CODE --out FILE.html|.pdf`: one student's feedback, nobody else's. */
export async function feedbackCommand(
  flags: { candidate: string; out: string; lang?: string; db?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  const format = formatOf(flags.out, ['html', 'pdf']);
  const locale = languageOf(flags.lang);
  const out = resolve(flags.out);
  return withContext(flags.db, io, async (ctx) => {
    try {
      if (format === 'pdf')
        writeAtomically(out, await exportFeedbackPdf(ctx, flags.candidate, new ChromiumPdfRenderer(), {}, locale));
      else writeAtomically(out, (await exportFeedbackHtml(ctx, flags.candidate, {}, locale)).content);
      printResult(
        io,
        flags.json,
        { file: out, format, candidate: flags.candidate },
        `feedback for ${flags.candidate} written: ${out}\n`,
      );
      return 0;
    } catch (err) {
      return notFound(io, err);
    }
  });
}
