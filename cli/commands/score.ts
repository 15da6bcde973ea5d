import { withContext } from '../context';
import { UsageError, withCtrlC, type CliIo } from '../io';
import { NotFoundError } from '../../services/core/errors';
import { FaceMaskingError } from '../../services/media/face-masking';
import { MAX_RESOLUTION, MIN_RESOLUTION } from '../../contract/scoring';
import { RUBRIC_LANGUAGES } from '../../domain/rubric/texts';
import {
  AudioNotAcceptedError,
  ConsentRequiredError,
  MissingApiKeyError,
  UnsupportedInputError,
  classifyHost,
  consentScopeFor,
  describeOutbound,
  estimateScoring,
  mediaAudioSource,
  mediaFrameSource,
  needsConsent,
  recordConsent,
  scoreRecordings,
  selectRecordings,
  DEFAULT_LONG_SIDE,
  type BatchProgress,
  type ScoreRequest,
} from '../../services/scoring/engine';
import {
  missingKeyHint,
  oneOf,
  providerFromFlags,
  secretsFromFlags,
  wholeNumber,
  type ProviderFlags,
} from './provider-flags';

export interface ScoreFlags extends ProviderFlags {
  recording?: string[];
  station?: string;
  all?: boolean;
  task: string;
  mode: string;
  force?: boolean;
  resolution?: string;
  audio?: boolean;
  promptLanguage?: string;
  yesSendFrames?: boolean;
  db?: string;
  json?: boolean;
}

function selection(f: ScoreFlags): { recordingIds?: number[]; stationId?: number; all?: boolean } {
  const chosen = [f.recording?.length ? 1 : 0, f.station !== undefined ? 1 : 0, f.all ? 1 : 0].reduce(
    (a, b) => a + b,
    0,
  );
  if (chosen !== 1)
    throw new UsageError('choose the recordings with exactly one of --recording ID..., --station ID or --all');
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
  const secrets = secretsFromFlags(f, provider, io.env);
  const longSide = wholeNumber('resolution', f.resolution, MIN_RESOLUTION, MAX_RESOLUTION) ?? DEFAULT_LONG_SIDE;
  const audio = f.audio === true;
  // The prompt stays English unless the rubric's other language is asked for.
  const promptLanguage = oneOf('prompt-language', f.promptLanguage ?? 'en', RUBRIC_LANGUAGES);

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
    const req: ScoreRequest = {
      provider,
      task,
      mode,
      recordingIds,
      force: Boolean(f.force),
      longSide,
      ...(audio ? { audio: true } : {}),
      ...(promptLanguage !== 'en' ? { promptLanguage } : {}),
    };
    // The key is checked before consent is recorded or anything is estimated or written.
    if (provider.kind === 'api' && !(await secrets.apiKey(provider)))
      throw new UsageError(missingKeyHint(new MissingApiKeyError(secrets.description).message));
    if (needsConsent(ctx.db, provider, undefined, audio)) {
      const what = describeOutbound({ provider, mode, recordings: recordingIds.length, longSide, audio });
      if (!f.yesSendFrames) {
        io.err(
          `osce score: ${classifyHost(provider.baseUrl).host} is not on this machine. ${what}\nRun again with --yes-send-frames to agree; it is remembered for this host.\n`,
        );
        return 2;
      }
      recordConsent(ctx.db, provider, consentScopeFor(provider, audio), 'cli');
      io.err(`Consent recorded for ${classifyHost(provider.baseUrl).origin}. ${what}\n`);
    }

    const est = estimateScoring(ctx.db, req);
    io.err(
      `Estimate: ${est.requests} request(s), ${est.frames} frames, about ${est.inputTokens} input tokens ` +
        `(${est.imageTokens} for images at ${est.perImageTokens} each, ${est.promptTextTokens} text${est.audioTokens ? `, ${est.audioTokens} for ${Math.round(est.audioSeconds)} s of audio` : ''}) and ${est.outputTokens} output tokens (at most ${est.maxOutputTokens}).\n` +
        (est.notAssessableSteps
          ? `Without audio, ${est.notAssessableSteps} spoken step(s) are not asked: they are recorded as not assessable from video.\n`
          : '') +
        (provider.maskFaces
          ? 'Faces: detected on this computer and blurred in every frame before it is sent.\n'
          : 'Faces: not masked (--mask-faces to mask them).\n'),
    );

    try {
      // Ctrl-C cancels cleanly: nothing stays queued or running.
      const batch = await withCtrlC(io, (signal) =>
        scoreRecordings(req, {
          db: ctx.db,
          log: ctx.log,
          actor: 'cli',
          secrets,
          frameSource: mediaFrameSource({ cacheDir: ctx.cacheDir, binaries: () => ctx.media.binaries() }),
          signal,
          audioSource: mediaAudioSource({ binaries: () => ctx.media.binaries() }),
          ...(io.errIsTty ? { onProgress: (p: BatchProgress) => io.err(progressLine(p)) } : {}),
        }),
      );
      if (io.errIsTty) io.err('\n');
      const results = batch.results.map((r) => ({
        recording_id: r.recording_id,
        run_id: r.run_id,
        status: r.status,
        reason: r.reason,
        prompt_tokens: r.prompt_tokens,
        completion_tokens: r.completion_tokens,
      }));
      if (f.json) io.out(JSON.stringify({ results }) + '\n');
      else {
        for (const r of batch.results) {
          const tokens = r.prompt_tokens !== null ? `, ${r.prompt_tokens}+${r.completion_tokens ?? 0} tokens` : '';
          const reason = (r.reason ?? '').replace(`recording ${r.recording_id}: `, '');
          const what =
            r.status === 'done'
              ? `done (run ${r.run_id}${r.reused ? ', reused: identical settings' : ''}${tokens})`
              : `${r.status}: ${reason}`;
          io.out(`recording ${r.recording_id}: ${what}${r.status === 'done' && r.reason ? ` — ${r.reason}` : ''}\n`);
        }
        const sum = (k: 'prompt_tokens' | 'completion_tokens') =>
          batch.results.filter((r) => !r.reused).reduce((a, r) => a + (r[k] ?? 0), 0);
        io.out(
          `${results.filter((r) => r.status === 'done').length} of ${results.length} done; tokens used: ${sum('prompt_tokens')} input, ${sum('completion_tokens')} output\n`,
        );
      }
      return results.every((r) => r.status === 'done') ? 0 : 1;
    } catch (err) {
      if (err instanceof MissingApiKeyError) throw new UsageError(missingKeyHint(err.message));
      if (err instanceof ConsentRequiredError) throw new UsageError(err.message);
      if (
        err instanceof UnsupportedInputError ||
        err instanceof AudioNotAcceptedError ||
        err instanceof FaceMaskingError
      ) {
        io.err(`osce score: ${err.message}\n`);
        if (f.json) io.out(JSON.stringify({ results: [], error: err.message }) + '\n');
        return 1;
      }
      throw err;
    }
  });
}
