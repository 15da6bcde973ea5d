/**
 * Named scoring errors. The UI and the CLI pick their wording by class; every message is already
 * written for an examiner or lab admin and never contains an API key (callers still pass messages
 * through redact() before storing them, in case a server echoes something back).
 */

export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** A provider setting is unusable; `field` names it (e.g. "baseUrl"). */
export class ProviderConfigError extends ScoringError {
  override name = 'ProviderConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`provider setting ${field}: ${message}`);
  }
}

/** An API provider needs a key and none was supplied. Names where it was looked for, never a value. */
export class MissingApiKeyError extends ScoringError {
  override name = 'MissingApiKeyError';
  constructor(readonly source: string) {
    super(`No API key: ${source} is not set. Set it, or use a local server that needs no key.`);
  }
}

/** Frames would leave this machine and nobody has agreed to that yet for this provider. */
export class ConsentRequiredError extends ScoringError {
  override name = 'ConsentRequiredError';
  constructor(
    readonly providerKey: string,
    readonly disclosure: string,
  ) {
    super(`Sending frames to ${providerKey} needs consent first. ${disclosure}`);
  }
}

export class PromptTemplateError extends ScoringError {
  override name = 'PromptTemplateError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`prompt template ${file}: ${message}`);
  }
}

/** The recording cannot be scored as asked (no rubric, no step spans for clip mode, …). */
export class RecordingNotScorableError extends ScoringError {
  override name = 'RecordingNotScorableError';
  constructor(
    readonly recordingId: number,
    message: string,
  ) {
    super(`recording ${recordingId}: ${message}`);
  }
}

/**
 * The provider could not give an answer: HTTP error after retries, timeout, connection refused,
 * or ('unsupported') a refusal of something the server cannot do, naming the feature and keeping
 * the server's own words.
 */
export class ProviderRequestError extends ScoringError {
  override name = 'ProviderRequestError';
  constructor(
    message: string,
    readonly kind: 'http' | 'timeout' | 'connection' | 'rate_limited' | 'unsupported',
    readonly status?: number,
    readonly feature?: 'json_schema' | 'json_object' | 'images' | 'audio' | 'max_tokens' | 'max_completion_tokens',
    readonly serverSaid?: string,
  ) {
    super(message);
  }
}

/** The server cannot take what scoring must send (images): found once, and nothing more is sent. */
export class UnsupportedInputError extends ScoringError {
  override name = 'UnsupportedInputError';
  constructor(
    readonly host: string,
    readonly model: string,
    readonly serverSaid: string,
  ) {
    super(
      `${host} (model ${model}) cannot take images, which scoring needs. The server said: "${serverSaid}". ` +
        'Use a model with vision (for llama.cpp, start the server with --mmproj), then test the connection again.',
    );
  }
}

/**
 * The batch asks for audio and the server (with this model) is not known to accept it: it refused
 * the audio test, or was never tested. Refused before anything is sent.
 */
export class AudioNotAcceptedError extends ScoringError {
  override name = 'AudioNotAcceptedError';
  constructor(
    readonly host: string,
    readonly model: string,
    readonly serverSaid: string | null,
  ) {
    super(
      serverSaid === null
        ? `It is not known whether ${host} (model ${model}) accepts audio. Test the connection first, or score without audio.`
        : `${host} (model ${model}) does not accept audio. The server said: "${serverSaid}". Score without audio, or use a model that takes audio.`,
    );
  }
}

/** The model answered, but the answer is not usable as a suggestion (see answer.ts for why). */
export class AnswerRejectedError extends ScoringError {
  override name = 'AnswerRejectedError';
  constructor(
    readonly reason: string,
    readonly rawText: string,
  ) {
    super(`answer rejected: ${reason}`);
  }
}
