/**
 * The provider flags `osce score` and `osce providers test` share: a preset fills in what the user
 * did not say; the kind is always the user's (--kind or the preset), never guessed from the host.
 */
import { findPreset, PRESET_IDS, type ProviderPreset } from '../../domain/model-providers/presets';
import {
  envSecretSource,
  noSecret,
  parseProviderConfig,
  ProviderConfigError,
  type ProviderConfig,
  type SecretSource,
} from '../../services/scoring/engine';
import { UsageError } from '../io';

export interface ProviderFlags {
  preset?: string;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  kind?: string;
  frames?: string;
  detail?: string;
  concurrency?: string;
  timeout?: string;
  temperature?: string;
  seed?: string;
  maxOutputTokens?: string;
  tokenParameter?: string;
  /** --mask-faces / --no-mask-faces; undefined: the default for the kind. */
  maskFaces?: boolean;
}

export function wholeNumber(flag: string, value: string | undefined, min: number, max?: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || (max !== undefined && Number(value) > max))
    throw new UsageError(
      max === undefined
        ? `--${flag} must be a whole number ≥ ${min}, got '${value}'`
        : `--${flag} must be a whole number from ${min} to ${max}, got '${value}'`,
    );
  return Number(value);
}

function decimal(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(`--${flag} must be a number ≥ 0, got '${value}'`);
  return n;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function presetOf(f: ProviderFlags): ProviderPreset | undefined {
  if (f.preset === undefined) return undefined;
  const preset = findPreset(f.preset);
  if (!preset) throw new UsageError(`--preset must be one of ${PRESET_IDS.join(', ')}, got '${f.preset}'`);
  return preset;
}

/** Flags → provider settings; a bad or missing value is a usage error naming the flag. */
export function providerFromFlags(f: ProviderFlags): ProviderConfig {
  const preset = presetOf(f);
  const kind = f.kind ?? preset?.kind;
  if (kind === undefined) {
    throw new UsageError(
      'say what kind of server this is: --kind local (a server you run, in the lab or on this computer; no key), ' +
        `--kind api (a service that needs an API key), or --preset NAME (${PRESET_IDS.join(', ')})`,
    );
  }
  const baseUrl = f.baseUrl ?? preset?.defaultBaseUrl ?? undefined;
  if (baseUrl === undefined) {
    throw new UsageError(
      preset
        ? `--base-url is needed for --preset ${preset.id}: ${preset.baseUrlPattern}`
        : '--base-url is needed, e.g. http://127.0.0.1:11434/v1',
    );
  }
  if (f.model === undefined) throw new UsageError(`--model is needed${preset ? ` (e.g. ${preset.modelHint})` : ''}`);
  const flagOf: Record<string, string> = {
    kind: 'kind',
    baseUrl: 'base-url',
    model: 'model',
    framesPerRequest: 'frames',
    imageDetail: 'detail',
    timeoutS: 'timeout',
    concurrency: 'concurrency',
    temperature: 'temperature',
    maxOutputTokens: 'max-output-tokens',
    seed: 'seed',
    tokenParameter: 'token-parameter',
  };
  const input: Record<string, unknown> = {
    kind: oneOf('kind', kind, ['api', 'local'] as const),
    baseUrl,
    model: f.model,
    framesPerRequest: wholeNumber('frames', f.frames, 1),
    imageDetail: f.detail,
    timeoutS: decimal('timeout', f.timeout),
    concurrency: wholeNumber('concurrency', f.concurrency, 1) ?? preset?.concurrency,
    temperature: decimal('temperature', f.temperature),
    maxOutputTokens: wholeNumber('max-output-tokens', f.maxOutputTokens, 1),
    seed: wholeNumber('seed', f.seed, 0),
    preset: preset?.id,
    tokenParameter:
      f.tokenParameter !== undefined
        ? oneOf('token-parameter', f.tokenParameter, ['max_tokens', 'max_completion_tokens'] as const)
        : preset?.kind === kind
          ? preset.tokenParameter
          : undefined,
    maskFaces: f.maskFaces,
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  try {
    return parseProviderConfig(input);
  } catch (err) {
    if (err instanceof ProviderConfigError)
      throw new UsageError(
        `--${flagOf[err.field] ?? err.field}: ${err.message.replace(/^provider setting \S+: /, '')}`,
      );
    throw err;
  }
}

/**
 * Where the key comes from. A lab server gets a key only when one is named explicitly: the default
 * variable is the user's key for a paid API and has no business going to a server on the lab network.
 */
export function secretsFromFlags(f: ProviderFlags, provider: ProviderConfig, env: NodeJS.ProcessEnv): SecretSource {
  const preset = presetOf(f);
  if (f.apiKeyEnv !== undefined) return envSecretSource(env, f.apiKeyEnv);
  if (provider.kind === 'api') return envSecretSource(env, preset?.apiKeyEnv ?? 'OPENAI_API_KEY');
  return noSecret;
}

/** The missing-key message, with the way out for a lab server that needs no key. */
export function missingKeyHint(message: string): string {
  return `${message} If this is a server you run (in the lab or on this computer) that needs no key, use --kind local.`;
}
