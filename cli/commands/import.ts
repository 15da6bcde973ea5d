import { basename, resolve } from 'node:path';
import type { ImportResult } from '../../contract/recordings';
import type { OperationContext } from '../../services/core/context';
import { dateProblem, ImportUsageError, importRecordings } from '../../services/recordings';
import { candidatePatternProblem, PATTERN_PROBLEM_TEXT } from '../../domain/recording/candidate-pattern';
import { withContext } from '../context';
import { UsageError, withCtrlC, type CliIo } from '../io';

export interface ImportFlags {
  station?: string;
  session?: string;
  date?: string;
  site?: string;
  candidate?: string;
  candidatePattern?: string;
  examiner?: string[];
  manifest?: string;
  copy?: boolean;
  reference?: boolean;
  db?: string;
  json?: boolean;
}

/** "1:05" / "12 s": short enough for a progress line. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  return m >= 60
    ? `${Math.floor(m / 60)} h ${m % 60} min`
    : `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** The JSON `osce import --json` prints: the exact shape, snake_case. */
export function importJson(r: ImportResult) {
  return {
    imported: r.imported.map((i) => ({
      id: i.id,
      path: i.path,
      sha256: i.sha256,
      duration_s: i.durationS,
      width: i.width,
      height: i.height,
      fps: i.fps,
      video_codec: i.videoCodec,
      has_audio: i.hasAudio,
    })),
    duplicates: r.duplicates.map((d) => ({ path: d.path, existing_id: d.existingId })),
    failed: r.failed.map((f) => ({ path: f.path, error: f.error })),
  };
}

function summary(r: ImportResult, io: CliIo): void {
  for (const i of r.imported) {
    io.out(
      `imported  ${i.id}  ${i.path}  ${i.durationS.toFixed(1)} s  ${i.width}x${i.height}  ${i.videoCodec}${i.hasAudio ? '' : '  (no audio)'}\n`,
    );
  }
  for (const d of r.duplicates) io.out(`duplicate ${d.path}  (already recording ${d.existingId})\n`);
  for (const f of r.failed) io.out(`FAILED    ${f.path}\n          ${f.error}\n`);
  const proxies = r.imported.filter((i) => i.proxyStatus === 'pending').length;
  io.out(`${r.imported.length} imported, ${r.duplicates.length} duplicate(s), ${r.failed.length} failed\n`);
  if (proxies > 0) {
    io.err(
      `${proxies} recording(s) need a playable copy for the app's player; the app makes it in the background when it next runs.\n`,
    );
  }
}

/** `osce import`: exit 0 when nothing failed, 1 when a file failed or Ctrl-C cancelled, 2 on a usage error. */
export async function importCommand(paths: string[], flags: ImportFlags, io: CliIo): Promise<number> {
  if (flags.copy && flags.reference) throw new UsageError('choose either --copy or --reference, not both');
  if (!flags.station && !flags.manifest)
    throw new UsageError(
      '--station is required (a rubric id, e.g. cpr; see osce rubrics), or a --manifest with a station column',
    );
  if (paths.length === 0 && !flags.manifest) throw new UsageError('give at least one file or folder, or --manifest');
  if (flags.date !== undefined) {
    const problem = dateProblem(flags.date);
    if (problem) throw new UsageError(`--date: ${problem}`);
  }
  if (flags.candidatePattern !== undefined) {
    const problem = candidatePatternProblem(flags.candidatePattern);
    if (problem) throw new UsageError(`--candidate-pattern: ${PATTERN_PROBLEM_TEXT[problem]}`);
  }
  const progress: OperationContext['progress'] = (p) => {
    if (!io.errIsTty) return;
    const left = p.etaS !== undefined ? `, ${formatTimeLeft(p.etaS)} left` : '';
    const line = p.current ? `importing ${p.done + 1}/${p.total}: ${p.current}${left}` : `checked ${p.done}/${p.total}`;
    io.err(`\r\x1b[2K${line.slice(0, 150)}`);
  };
  return withContext(flags.db, io, async (ctx) => {
    let result: ImportResult;
    try {
      // Ctrl-C cancels cleanly: the file in progress is rolled back, the finished ones stay.
      result = await withCtrlC(io, (signal) =>
        importRecordings(
          ctx,
          {
            paths: paths.map((p) => resolve(p)),
            station: flags.station,
            session: flags.session,
            date: flags.date,
            site: flags.site,
            candidate: flags.candidate,
            candidatePattern: flags.candidatePattern,
            examiners: flags.examiner,
            manifest: flags.manifest ? resolve(flags.manifest) : undefined,
            storage: flags.copy ? 'copy' : flags.reference ? 'reference' : undefined,
          },
          { signal, progress },
          { actor: 'cli' },
        ),
      );
    } catch (error) {
      if (error instanceof ImportUsageError) throw new UsageError(error.message);
      throw error;
    } finally {
      if (io.errIsTty) io.err('\r\x1b[2K');
    }
    if (flags.json) io.out(JSON.stringify(importJson(result)) + '\n');
    else summary(result, io);
    if (result.skipped.length > 0 && !flags.json) {
      io.err(`skipped ${result.skipped.length} file(s) not named like videos, e.g. ${basename(result.skipped[0]!)}\n`);
    }
    if (result.cancelled) {
      io.err(`cancelled: ${result.notStarted.length} file(s) were not imported; nothing partial was kept.\n`);
      return 1;
    }
    return result.failed.length > 0 ? 1 : 0;
  });
}
