/**
 * Registers the report, export, feedback and label-import commands. Kept out of cli/main.ts so the
 * commands of each area live together and main.ts stays a short list of areas.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import type { ReportFlags } from './reports';
import type { PredictionsFlags } from './label-import';

export function registerReportCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('report')
    .description('write the agreement report (examiners, model leaderboard, per-step trust) as HTML, PDF, CSV or JSON')
    .requiredOption('--out <file>', 'FILE.html, FILE.pdf, FILE.csv or FILE.json')
    .option('--session <name>', 'only this exam session')
    .option('--station <id>', 'only this station (station code or rubric id, e.g. cpr)')
    .option(
      '--min-coverage <percent>',
      'leaderboard: share of the recordings with final scores a configuration must cover to be ranked (default 80)',
    )
    .option('--min-recordings <n>', 'leaderboard: recordings a configuration must cover to be ranked (default 5)')
    .option('--lang <language>', 'language of the HTML/PDF: en or zh-CN (default: from LANG)')
    .action(async (flags: ReportFlags) => {
      setExitCode(await (await import('./reports')).reportCommand(flags, io));
    });

  program
    .command('export')
    .description(
      'export every recording, step and rater (examiners, final scores, model suggestions) as JSON or long-format CSV',
    )
    .requiredOption('--format <format>', 'json or csv')
    .requiredOption('--out <file>', 'file to write')
    .action(async (flags: { format: string; out: string; db?: string }) => {
      setExitCode(await (await import('./reports')).exportCommand(flags, io));
    });

  program
    .command('feedback')
    .description(
      "write one candidate's feedback (deductions, examiner comments, what the rubric requires) as HTML or PDF",
    )
    .requiredOption('--candidate <code>', 'candidate code')
    .requiredOption('--out <file>', 'FILE.html or FILE.pdf')
    .option('--lang <language>', 'language of the HTML/PDF: en or zh-CN (default: from LANG)')
    .action(async (flags: { candidate: string; out: string; lang?: string; db?: string }) => {
      setExitCode(await (await import('./reports')).feedbackCommand(flags, io));
    });

  program
    .command('marks')
    .description('examiner marks made outside the app')
    .command('import <csv>')
    .description(
      'import examiner marks (recording_id or sha256, step_id, rater, score) as submitted markings; exit 1 naming each bad line',
    )
    .action(async (file: string, flags: { db?: string }) => {
      setExitCode(await (await import('./label-import')).marksImportCommand(file, flags, io));
    });

  program
    .command('spans')
    .description('step time spans made outside the app, for clip scoring')
    .command('import <csv>')
    .description(
      "import step spans (recording,step_id,start_s,end_s; recording is the id or the sha256) as an examiner's; exit 1 naming each bad line",
    )
    .requiredOption('--examiner <name>', 'the examiner who marked the spans (created when new)')
    .action(async (file: string, flags: { examiner: string; db?: string; json?: boolean }) => {
      setExitCode(await (await import('./label-import')).spansImportCommand(file, flags, io));
    });

  program
    .command('predictions')
    .description('model predictions made outside the app')
    .command('import <file>')
    .description(
      "import a model's predictions (JSON or CSV: recording_id or sha256, step_id, score or correct) to rank them on the leaderboard",
    )
    .requiredOption('--model <name>', 'model name the predictions came from')
    .option('--prompt-version <version>', 'prompt version, when the file does not give one')
    .option('--task <score|binary>', 'step scores or correct/error (required unless the file says "task")')
    .option('--mode <full|clips>', 'whole recordings or step clips (required unless the file says "mode")')
    .option('--frames <n>', 'frames the model was given per request')
    .option('--resolution <px>', 'long side of each frame in pixels')
    .option('--detail <low|high|auto>', 'image detail')
    .option('--audio <true|false>', 'whether the model was given the audio')
    .option('--temperature <t>', 'sampling temperature')
    .option('--seed <n>', 'sampling seed')
    .action(async (file: string, flags: PredictionsFlags) => {
      setExitCode(await (await import('./label-import')).predictionsImportCommand(file, flags, io));
    });
}
