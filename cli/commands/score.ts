import { withContext } from '../context';
import { UsageError, type CliIo } from '../io';
import { getSettings } from '../../services/settings';
import { NotFoundError } from '../../services/errors';
import {
  ConsentRequiredError,
  MissingApiKeyError,
  ProviderConfigError,
  classifyHost,
  describeOutbound,
  envSecretSource,
  noSecret,
  estimateScoring,
  mediaFrameSource,
  needsConsent,
  parseProviderConfig,
  recordConsent,
  scoreRecordings,
  selectRecordings,
  DEFAULT_LONG_SIDE,
  type BatchProgress,
  type ProviderConfig,
  type ScoreRequest,
} from '../../services/scoring';

export interface ScoreFlags {
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
  kind?: string;
  recording?: string[];
  station?: string;
  all?: boolean;
  task: string;
  mode: string;
  frames?: string;
  detail?: string;
  concurrency?: string;
  timeout?: string;
  temperature?: string;
  seed?: string;
  maxOutputTokens?: string;
  force?: boolean;
  yesSendFrames?: boolean;
  db?: string;
  json?: boolean;
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`--${flag} must be a whole number ≥ ${min}, got '${value}'`);
  return Number(value);
}

function decimal(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} must be a number ≥ 0, got '${value}'`);
  return n;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** Flags → provider settings; a bad value is a usage error naming the flag. */
export function providerFromFlags(f: ScoreFlags): ProviderConfig {
  let kind = f.kind;
  if (kind === undefined) {
    try {
      // A key-protected API is the usual remote case; a server on this machine is "local".
      kind = classifyHost(f.baseUrl).location === 'remote' ? 'api' : 'local';
    } catch {
      kind = 'api';
    }
  }
  const flagOf: Record<string, string> = {
    kind: 'kind', baseUrl: 'base-url', model: 'model', framesPerRequest: 'frames', imageDetail: 'detail', timeoutS: 'timeout',
    concurrency: 'concurrency', temperature: 'temperature', maxOutputTokens: 'max-output-tokens', seed: 'seed',
  };
  const input: Record<string, unknown> = {
    kind: oneOf('kind', kind, ['api', 'local'] as const),
    baseUrl: f.baseUrl,
    model: f.model,
    framesPerRequest: wholeNumber('frames', f.frames, 1),
    imageDetail: f.detail,
    timeoutS: decimal('timeout', f.timeout),
    concurrency: wholeNumber('concurrency', f.concurrency, 1),
    temperature: decimal('temperature', f.temperature),
    maxOutputTokens: wholeNumber('max-output-tokens', f.maxOutputTokens, 1),
    seed: wholeNumber('seed', f.seed, 0),
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  try {
    return parseProviderConfig(input);
  } catch (err) {
    if (err instanceof ProviderConfigError) throw new UsageError(`--${flagOf[err.field] ?? err.field}: ${err.message.replace(/^provider setting \S+: /, '')}`);
    throw err;
  }
}

function selection(f: ScoreFlags): { recordingIds?: number[]; stationId?: number; all?: boolean } {
  const chosen = [f.recording?.length ? 1 : 0, f.station !== undefined ? 1 : 0, f.all ? 1 : 0].reduce((a, b) => a + b, 0);
  if (chosen !== 1) throw new UsageError('choose the recordings with exactly one of --recording ID..., --station ID or --all');
  if (f.all) return { all: true };
  if (f.station !== undefined) return { stationId: wholeNumber('station', f.station, 1)! };
  return { recordingIds: f.recording!.map((r) => wholeNumber('recording', r, 1)!) };
}

function progressLine(p: BatchProgress): string {
  const finished = p.done + p.failed + p.cancelled;
  return `\rscoring ${finished}/${p.total}: ${p.done} done${p.reused ? ` (${p.reused} reused)` : ''}, ${p.failed} failed, ${p.running} running   `;
}

/**
 * `osce score`: model suggestions for recordings. Exit 0 when every recording got a suggestion,
 * 1 when any failed or the batch was cancelled (Ctrl-C), 2 for a usage problem (flags, missing
 * key, consent not given).
 */
export async function score(f: ScoreFlags, io: CliIo): Promise<number> {
  const provider = providerFromFlags(f);
  const task = oneOf('task', f.task, ['score', 'binary'] as const);
  const mode = oneOf('mode', f.mode, ['full', 'clips'] as const);
  const sel = selection(f);
  // A local server gets a key only when one is named explicitly: the default OPENAI_API_KEY is the
  // user's OpenAI key and has no business going to a server on the lab network.
  const secrets = f.apiKeyEnv !== undefined || provider.kind === 'api' ? envSecretSource(io.env, f.apiKeyEnv ?? 'OPENAI_API_KEY') : noSecret;

  return withContext(f.db, io, async (ctx) => {
    let recordingIds: number[];
    try {
      recordingIds = selectRecordings(ctx.db, sel);
    } catch (err) {
      if (err instanceof NotFoundError) throw new UsageError(err.message);
      throw err;
    }
    if (recordingIds.length === 0) {
      io.err('osce score: no recordings match; nothing to do\n');
      if (f.json) io.out(JSON.stringify({ results: [] }) + '\n');
      return 0;
    }
    const req: ScoreRequest = { provider, task, mode, recordingIds, force: Boolean(f.force), longSide: DEFAULT_LONG_SIDE };
    // The key is checked before consent is recorded or anything is estimated or written.
    if (provider.kind === 'api' && !(await secrets.apiKey(provider))) throw new UsageError(new MissingApiKeyError(secrets.description).message);
    if (needsConsent(ctx.db, provider)) {
      const what = describeOutbound({ provider, mode, recordings: recordingIds.length, longSide: DEFAULT_LONG_SIDE });
      if (!f.yesSendFrames) {
        io.err(`osce score: ${classifyHost(provider.baseUrl).host} is not on this machine. ${what}\nRun again with --yes-send-frames to agree; it is remembered for this host.\n`);
        return 2;
      }
      recordConsent(ctx.db, provider, undefined, 'cli');
      io.err(`Consent recorded for ${classifyHost(provider.baseUrl).origin}. ${what}\n`);
    }

    const est = estimateScoring(ctx.db, req);
    io.err(
      `Estimate: ${est.requests} request(s), ${est.frames} frames, about ${est.inputTokens} input tokens ` +
        `(${est.imageTokens} for images at ${est.perImageTokens} each, ${est.promptTextTokens} text) and ${est.outputTokens} output tokens (at most ${est.maxOutputTokens}).\n`,
    );

    const ac = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      // First Ctrl-C cancels cleanly; a second one gives up waiting.
      if (++interrupts > 1) process.exit(130);
      io.err('\ncancelling… (press Ctrl-C again to quit at once)\n');
      ac.abort();
    };
    process.on('SIGINT', onSigint);
    const settings = getSettings(ctx.db);
    try {
      const batch = await scoreRecordings(req, {
        db: ctx.db,
        log: ctx.log,
        actor: 'cli',
        secrets,
        frameSource: mediaFrameSource({
          cacheDir: ctx.cacheDir,
          ffmpegPath: settings.ffmpegPath,
          ffprobePath: settings.ffprobePath,
          ...(ctx.packagedResourcesDir ? { packagedResourcesDir: ctx.packagedResourcesDir } : {}),
        }),
        signal: ac.signal,
        ...(io.errIsTty ? { onProgress: (p: BatchProgress) => io.err(progressLine(p)) } : {}),
      });
      if (io.errIsTty) io.err('\n');
      const results = batch.results.map((r) => ({
        recording_id: r.recording_id, run_id: r.run_id, status: r.status, reason: r.reason,
        prompt_tokens: r.prompt_tokens, completion_tokens: r.completion_tokens,
      }));
      if (f.json) io.out(JSON.stringify({ results }) + '\n');
      else {
        for (const r of batch.results) {
          const tokens = r.prompt_tokens !== null ? `, ${r.prompt_tokens}+${r.completion_tokens ?? 0} tokens` : '';
          const reason = (r.reason ?? '').replace(`recording ${r.recording_id}: `, '');
          const what = r.status === 'done' ? `done (run ${r.run_id}${r.reused ? ', reused: identical settings' : ''}${tokens})` : `${r.status}: ${reason}`;
          io.out(`recording ${r.recording_id}: ${what}${r.status === 'done' && r.reason ? ` — ${r.reason}` : ''}\n`);
        }
        const sum = (k: 'prompt_tokens' | 'completion_tokens') => batch.results.filter((r) => !r.reused).reduce((a, r) => a + (r[k] ?? 0), 0);
        io.out(`${results.filter((r) => r.status === 'done').length} of ${results.length} done; tokens used: ${sum('prompt_tokens')} input, ${sum('completion_tokens')} output\n`);
      }
      return results.every((r) => r.status === 'done') ? 0 : 1;
    } catch (err) {
      if (err instanceof MissingApiKeyError || err instanceof ConsentRequiredError) throw new UsageError(err.message);
      throw err;
    } finally {
      process.off('SIGINT', onSigint);
    }
  });
}
