/** Registers the recording commands: import, recordings, frames. */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import type { ImportFlags } from './import';
import type { FramesFlags } from './recordings';

export function registerRecordingCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('import [file-or-folder...]')
    .description(
      'import recordings (folders recursively): probe, hash, copy or reference, poster; exit 1 naming each file that failed',
    )
    .option('--station <id>', 'station rubric id, e.g. cpr (see osce rubrics); a manifest station column overrides it')
    .option('--session <name>', 'exam session (created if missing; default "Imported <date>")')
    .option('--date <YYYY-MM-DD>', 'exam date, for a new session')
    .option('--site <site>', 'exam site, for a new session')
    .option('--candidate <code>', 'candidate code (a pseudonym) for every file')
    .option(
      '--candidate-pattern <pattern>',
      "read each file's candidate code from its name: {candidate} is the code, * any text (e.g. '{candidate}_*' reads C-101 from C-101_cpr.mp4)",
    )
    .option('--examiner <name...>', 'examiner(s) who marked these recordings')
    .option('--manifest <csv>', 'CSV file,candidate,station,session,date (+ attribute columns); paths relative to it')
    .option('--copy', 'copy originals into the library (default: the app setting, normally copy)')
    .option('--reference', 'leave originals where they are and reference them')
    .option('--json', 'print {"imported":[...],"duplicates":[...],"failed":[...]}')
    .action(async (paths: string[], flags: ImportFlags) => {
      setExitCode(await (await import('./import')).importCommand(paths, flags, io));
    });

  program
    .command('recordings')
    .description('list imported recordings with session, station, candidate, duration, proxy and file status')
    .option('--verify', 'also compare every file with its SHA-256 (reads every byte)')
    .option('--json', 'print {"recordings":[...]}')
    .action(async (flags: { db?: string; json?: boolean; verify?: boolean }) => {
      setExitCode(await (await import('./recordings')).recordingsCommand(flags, io));
    });

  program
    .command('frames')
    .description(
      'extract N frames spread over a recording (or --from/--to) as JPEGs plus frames.json (file, timestamp_s)',
    )
    .requiredOption('--recording <id>', 'recording id (see osce recordings)')
    .requiredOption('--count <n>', 'number of frames')
    .option('--from <s>', 'start of the span, seconds')
    .option('--to <s>', 'end of the span, seconds')
    .option('--long-side <px>', 'long side of each JPEG (default 768)')
    .option(
      '--exact-times',
      'every frame within 0.1 s of its point (by default a keyframe up to 1 s away is taken when every point has its own)',
    )
    .requiredOption('--out <dir>', 'folder to write the frames to')
    .action(async (flags: FramesFlags) => {
      setExitCode(await (await import('./recordings')).framesCommand(flags, io));
    });
}
