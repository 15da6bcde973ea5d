import { Command, CommanderError } from 'commander';
import { processIo, UsageError, type CliIo } from './io';
import { appVersion } from './version';
import { doctor } from './commands/doctor';
import { agreement, type AgreementFlags } from './commands/agreement';
import { auditVerifyCommand, backupCommand, restoreCommand } from './commands/data-safety';

/**
 * The `osce` command line. Every command calls the same services as the desktop app.
 * Exit codes: 0 success, 1 a command found a problem or a file failed, 2 a usage error.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('osce')
    .description('OSCE Scoring Assistant: import exam recordings, score with rubrics, measure agreement.')
    .version(appVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run osce --help for usage)');

  program
    .command('doctor')
    .description('check Node, Electron, the database and ffmpeg/ffprobe; exit 1 naming each missing piece')
    .option('--db <file>', 'database file (default: $OSCE_DB or the app data folder)')
    .option('--json', 'print a JSON report')
    .action(async (opts: { db?: string; json?: boolean }) => {
      exitCode = await doctor(opts, io);
    });

  program
    .command('agreement')
    .description('agreement between two raters in a labels CSV (recording_id,step_id,max_score,rater,score); rater a is the reference')
    .requiredOption('--labels <csv>', 'labels file')
    .requiredOption('--a <rater>', 'reference rater')
    .requiredOption('--b <rater>', 'compared rater')
    .option('--bootstrap <n>', 'bootstrap resamples for 95% intervals (0 = none)')
    .option('--seed <n>', 'bootstrap seed, for a reproducible report')
    .option('--json', 'print JSON')
    .action((flags: AgreementFlags) => {
      exitCode = agreement(flags, io);
    });

  program
    .command('backup')
    .description('write an online backup of the database (SQLite backup API) and check it')
    .requiredOption('--out <file>', 'backup file to write')
    .option('--db <file>', 'database file')
    .action(async (opts: { out: string; db?: string }) => {
      exitCode = await backupCommand(opts, io);
    });

  program
    .command('restore <file>')
    .description('restore a backup after checking it (integrity, schema version); the current database is kept aside')
    .option('--db <file>', 'database file to restore into')
    .action(async (file: string, opts: { db?: string }) => {
      exitCode = await restoreCommand(file, opts, io);
    });

  program
    .command('audit')
    .description('audit trail tools')
    .command('verify')
    .description('verify the hash chain of the audit trail; exit 1 naming the first broken link')
    .option('--db <file>', 'database file')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      exitCode = await auditVerifyCommand(opts, io);
    });

  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(`osce: ${err.message}\n`);
      return 2;
    }
    io.err(`osce: ${(err as Error).message}\n`);
    return 1;
  }
}
