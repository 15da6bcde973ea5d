import { Command, CommanderError } from 'commander';
import { processIo, UsageError, type CliIo } from './io';
import { appVersion } from './version';
import { terminalSafe } from '../domain/names';
// Commands are imported when run (types only here), so `osce --version` loads none of them.
import type { AgreementFlags } from './commands/agreement';
import type { ImportFlags } from './commands/rubrics';
import type { ScoreFlags } from './commands/score';
import { registerReportCommands } from './commands/register-reports';
import { registerRecordingCommands } from './commands/register-recordings';
import type { ProvidersTestFlags } from './commands/providers';
import type { Command as CommandType } from 'commander';

const DB_OPTION = ['--db <file>', 'database file (default: $OSCE_DB, else the app data folder)'] as const;
/** Commands that never open a database. */
const NO_DATABASE = new Set(['agreement', 'presets']);

/**
 * The options every command shares, declared here once. `--db` is global: given before the command
 * (`osce --db FILE import …`) or, as every command has always accepted it, after it. `--json`:
 * every command prints its result as one JSON object when asked.
 */
function commonOptions(program: CommandType): void {
  program.option(...DB_OPTION);
  const leaves = (cmd: CommandType): CommandType[] => (cmd.commands.length ? cmd.commands.flatMap(leaves) : [cmd]);
  for (const cmd of leaves(program)) {
    const has = (flag: string) => cmd.options.some((o) => o.long === flag);
    if (!NO_DATABASE.has(cmd.name()) && !has('--db')) cmd.option(...DB_OPTION);
    if (!has('--json')) cmd.option('--json', 'print the result as JSON');
  }
  program.hook('preAction', (_root, action) => {
    const global = program.opts<{ db?: string }>().db;
    if (global !== undefined && action.opts<{ db?: string }>().db === undefined) action.setOptionValue('db', global);
  });
}

/** The provider options `score` and `providers test` share. */
function providerOptions(cmd: CommandType): CommandType {
  return cmd
    .option(
      '--preset <name>',
      'start from a preset: openai, azure-openai, openrouter, ollama, llama-cpp, vllm, lm-studio (osce providers presets)',
    )
    .option(
      '--base-url <url>',
      "OpenAI-compatible endpoint, e.g. http://192.168.1.50:11434/v1 (default: the preset's, where it has one)",
    )
    .option('--model <name>', 'model name (for Azure OpenAI: the deployment name)')
    .option(
      '--kind <api|local>',
      "api: a service that needs a key; local: a server you run, no key (default: the preset's; never guessed from the host)",
    )
    .option(
      '--api-key-env <var>',
      "environment variable holding the API key (default: the preset's, else OPENAI_API_KEY; read for --kind api)",
    )
    .option('--token-parameter <name>', "max_tokens or max_completion_tokens (default: the preset's, else by kind)")
    .option('--timeout <s>', 'seconds to wait for an answer, from when the request is sent (default 120)');
}

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
    // Root options (-V/--version) only before a command, so `rubric show --version N` is the command's own.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run osce --help for usage)');

  program
    .command('doctor')
    .description('check Node, Electron, the database and ffmpeg/ffprobe; exit 1 naming each missing piece')
    .option('--json', 'print a JSON report')
    .action(async (opts: { db?: string; json?: boolean }) => {
      exitCode = await (await import('./commands/doctor')).doctor(opts, io);
    });

  program
    .command('agreement')
    .description(
      'agreement between two raters in a labels CSV (recording_id,step_id,max_score,rater,score); rater a is the reference',
    )
    .requiredOption('--labels <csv>', 'labels file')
    .requiredOption('--a <rater>', 'reference rater')
    .requiredOption('--b <rater>', 'compared rater')
    .option('--bootstrap <n>', 'bootstrap resamples for 95% intervals (0 = none)')
    .option('--seed <n>', 'bootstrap seed, for a reproducible report')
    .option('--json', 'print JSON')
    .action(async (flags: AgreementFlags) => {
      exitCode = (await import('./commands/agreement')).agreement(flags, io);
    });

  program
    .command('backup')
    .description('write an online backup of the database (SQLite backup API) and check it')
    .requiredOption('--out <file>', 'backup file to write')
    .action(async (opts: { out: string; db?: string }) => {
      exitCode = await (await import('./commands/data-safety')).backupCommand(opts, io);
    });

  program
    .command('restore <file>')
    .description(
      'restore a backup after checking it (integrity, the whole schema, its own audit trail and an anchor written by this installation); refused while the database is open elsewhere; the current database is kept aside and the result checked',
    )
    .option(
      '--accept-unverified',
      'restore a backup whose audit trail or anchor cannot be verified here (after checking it some other way); recorded as an alarm in the audit trail',
    )
    .action(async (file: string, opts: { db?: string; acceptUnverified?: boolean }) => {
      exitCode = await (await import('./commands/data-safety')).restoreCommand(file, opts, io);
    });

  program
    .command('demo')
    .description(
      'create a separate, clearly marked demo database (videos, two examiners, adjudications, two demo models)',
    )
    .option(
      '--db <file>',
      'demo database file (default: a demo folder in the app data folder; a real database is refused)',
    )
    .option('--seed <n>', 'random seed (same seed, same data)')
    .action(async (opts: { db?: string; seed?: string }) => {
      exitCode = await (await import('./commands/demo')).demoCommand(opts, io);
    });

  const bundle = program.command('bundle').description("exam bundles: move a session's marks between workstations");
  bundle
    .command('export')
    .description(
      "write a session (recordings metadata, rubrics, marks, adjudications, runs, audit trail) to one file, signed with this workstation's key",
    )
    .requiredOption('--session <name>', 'exam session name')
    .requiredOption('--out <file>', 'bundle file to write')
    .option('--with-media', 'include the video files')
    .action(async (opts: { session: string; out: string; withMedia?: boolean; db?: string }) => {
      exitCode = await (await import('./commands/bundle')).bundleExport(opts, io);
    });
  bundle
    .command('import <file>')
    .description('check a signed bundle and merge it; every difference is listed as a conflict, never overwritten')
    .option(
      '--trust <fingerprint>',
      'accept the signing workstation if it is not yet known: give the key fingerprint you checked with its owner (--preview shows it)',
    )
    .option('--preview', 'show the signer and the differences without importing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { db?: string; json?: boolean; trust?: string; preview?: boolean }) => {
      exitCode = await (await import('./commands/bundle')).bundleImport(file, opts, io);
    });
  bundle
    .command('conflicts')
    .description('list merge conflicts waiting for a decision')
    .option('--all', 'include settled ones')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean; all?: boolean }) => {
      exitCode = await (await import('./commands/bundle')).bundleConflicts(opts, io);
    });
  bundle
    .command('decide <id>')
    .description('settle a merge conflict, with a reason (audited)')
    .option('--keep-local', "keep this workstation's value")
    .option('--take-incoming', "take the bundle's value")
    .option('--reason <text>', 'why')
    .action(async (id: string, opts: { keepLocal?: boolean; takeIncoming?: boolean; reason?: string; db?: string }) => {
      exitCode = await (await import('./commands/bundle')).bundleDecide(id, opts, io);
    });

  const audit = program.command('audit').description('audit trail tools');
  audit
    .command('acknowledge')
    .description(
      'acknowledge the open alarms of the audit trail (a lost or mismatched anchor, a restore accepted unverified), naming who and why; recorded in the trail',
    )
    .option('--by <name>', 'who acknowledges (the person responsible for the records)')
    .option('--reason <text>', 'why, e.g. what was checked')
    .action(async (opts: { db?: string; json?: boolean; by?: string; reason?: string }) => {
      exitCode = await (await import('./commands/data-safety')).auditAcknowledgeCommand(opts, io);
    });
  audit
    .command('verify')
    .description(
      'verify the audit trail: hash chain, append-only guards, the anchor outside the database, every mark and adjudication against its latest event; exit 1 naming each problem',
    )
    .option(
      '--against <file...>',
      'also compare with other copies (backups, bundles): a copy that contradicts this chain is named',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean; against?: string[] }) => {
      exitCode = await (await import('./commands/data-safety')).auditVerifyCommand(opts, io);
    });

  program
    .command('rubrics')
    .description('list the station rubrics: id, latest version, steps, total points')
    .option('--json', 'print JSON, with every stored version')
    .action(async (opts: { db?: string; json?: boolean }) => {
      exitCode = await (await import('./commands/rubrics')).rubricsList(opts, io);
    });

  const rubric = program.command('rubric').description('show or import a station rubric');
  rubric
    .command('show <id>')
    .description('print every step of a rubric with all its fields')
    .option('--version <n>', 'a stored version (default: the latest)')
    .option('--json', 'print the rubric as JSON (importable again)')
    .action(async (id: string, opts: { version?: string; db?: string; json?: boolean }) => {
      exitCode = await (await import('./commands/rubrics')).rubricShow(id, opts, io);
    });
  rubric
    .command('import <file>')
    .description('import a rubric JSON or a checklist CSV (step,title,criteria,max_points); exit 1 naming each problem')
    .option('--id <id>', 'CSV: rubric id (default: from the file name)')
    .option('--title <title>', 'CSV: rubric title (default: from the file name)')
    .option('--station <name>', 'CSV: station name (default: the title)')
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, opts: ImportFlags) => {
      exitCode = await (await import('./commands/rubrics')).rubricImport(file, opts, io);
    });

  providerOptions(
    program
      .command('score')
      .description(
        'model suggestions for recordings (never marks); exit 1 if any recording failed or Ctrl-C cancelled the batch',
      ),
  )
    .option('--recording <id...>', 'recording ids')
    .option('--station <id>', 'every recording of a station')
    .option('--all', 'every recording')
    .option('--task <score|binary>', 'step scores, or error detection (correct or not)', 'score')
    .option('--mode <full|clips>', "whole recording, or each step's marked span", 'full')
    .option('--frames <n>', 'frames per request, 1 to 240 (default 16)')
    .option('--resolution <px>', 'long side of each frame in pixels, 128 to 2048 (default 768)')
    .option(
      '--audio',
      "send each recording's (or step span's) sound, where the server accepts audio; without it, spoken steps are not assessable from video",
    )
    .option('--detail <low|high|auto>', 'image detail (default low)')
    .option(
      '--prompt-language <en|zh-CN>',
      "the rubric's words in the prompt: en (default, the English text) or zh-CN (the rubric's Chinese text, where it has one); stored with each run",
    )
    .option(
      '--concurrency <n>',
      "most requests at once (default: the preset's, else 4); a lab server starts at 1 and rises while answers keep pace",
    )
    .option('--temperature <t>', 'sampling temperature (default 0)')
    .option('--seed <n>', 'sampling seed, where the server supports it')
    .option('--max-output-tokens <n>', 'answer length limit (default 4096)')
    .option('--mask-faces', 'blur faces in every frame on this computer before sending (default for --kind api)')
    .option('--no-mask-faces', 'send frames as they are (default for --kind local)')
    .option('--force', 'score again even when an identical run finished')
    .option('--yes-send-frames', 'agree to send frames and rubric text to a host that is not this machine')
    .option('--json', 'print {"results":[...]} as JSON')
    .action(async (opts: ScoreFlags) => {
      exitCode = await (await import('./commands/score')).score(opts, io);
    });

  const providers = program.command('providers').description('model provider presets, and what a server accepts');
  providers
    .command('presets')
    .description('the presets: base URL, kind, token parameter, answer format, images, audio, concurrency')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      exitCode = (await import('./commands/providers')).providersPresets(opts, io);
    });
  providerOptions(
    providers
      .command('test')
      .description(
        'find out what a server accepts (answer format, token parameter, images, audio) with a few tiny requests; print it as JSON and keep it for osce score',
      ),
  ).action(async (opts: ProvidersTestFlags) => {
    exitCode = await (await import('./commands/providers')).providersTest(opts, io);
  });

  program
    .command('runs')
    .description('model runs with status, model, task, reason and the accepted per-step answers')
    .option('--recording <id>', 'only this recording')
    .option('--json', 'print JSON')
    .action(async (opts: { recording?: string; db?: string; json?: boolean }) => {
      exitCode = await (await import('./commands/runs')).runs(opts, io);
    });

  registerReportCommands(program, io, (code) => (exitCode = code));
  registerRecordingCommands(program, io, (code) => (exitCode = code));
  commonOptions(program);

  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // 'commander.help' with a non-zero code is help shown because a command group was given no command.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return err.exitCode === 0 ? 0 : 2;
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(`osce: ${terminalSafe(err.message)}\n`);
      return 2;
    }
    io.err(`osce: ${terminalSafe((err as Error).message)}\n`);
    return 1;
  }
}
