/**
 * The Model providers card in the reader's language: preset notes, field problems, error names and
 * the connection test's findings. The backend reports in English; what it found is rebuilt here
 * from the structured result, and only what a server said itself is quoted as it came.
 */
import type { TFunction } from 'i18next';
import { MAX_FRAMES, type ConnectionTestResult, type ModelProvider } from '../../../../contract/scoring';
import type { PresetId, ProviderPreset } from '../../../../domain/model-providers/presets';
import type { ApiErrorInfo } from '../../../../contract/define';

type T = TFunction<'settings'>;

const PRESET_KEYS = {
  openai: 'openai',
  'azure-openai': 'azureOpenai',
  openrouter: 'openrouter',
  ollama: 'ollama',
  'llama-cpp': 'llamaCpp',
  vllm: 'vllm',
  'lm-studio': 'lmStudio',
} as const satisfies Record<PresetId, string>;

export const presetLabel = (t: T, p: ProviderPreset) =>
  p.id === 'llama-cpp' ? t('providers.presets.llamaCpp.label') : p.label;
export const presetNote = (t: T, p: ProviderPreset) => t(`providers.presets.${PRESET_KEYS[p.id]}.note`);

/** A model hint that is words (not a model's name) is translated. */
export function presetModelHint(t: T, p: ProviderPreset): string {
  if (p.id === 'azure-openai') return t('providers.presets.azureOpenai.modelHint');
  if (p.id === 'llama-cpp') return t('providers.presets.llamaCpp.modelHint');
  return p.modelHint;
}

export const kindWord = (t: T, kind: ModelProvider['kind']) =>
  kind === 'api' ? t('providers.kind.api') : t('providers.kind.local');

/** Where frames go, in the words the consent dialog uses. */
export function whereWord(t: T, p: Pick<ModelProvider, 'location' | 'consentGiven'>): string {
  if (p.location !== 'remote') return t('providers.where.here');
  return p.consentGiven ? t('providers.where.consented') : t('providers.where.asks');
}

const FIELD_LABELS = {
  name: 'providers.form.name',
  baseUrl: 'providers.form.baseUrl',
  model: 'providers.form.model',
  framesPerRequest: 'providers.form.framesPerRequest',
  timeoutS: 'providers.form.timeoutS',
  concurrency: 'providers.form.concurrency',
  temperature: 'providers.form.temperature',
  maxOutputTokens: 'providers.form.maxOutputTokens',
  seed: 'providers.form.seed',
  apiKey: 'providers.key.field',
} as const;
type KnownField = keyof typeof FIELD_LABELS;
const isKnownField = (path: string): path is KnownField => path in FIELD_LABELS;

/** A field the backend refused, in the reader's words; an unknown one keeps the backend's message. */
export function fieldProblem(t: T, path: string, message: string): string {
  if (!isKnownField(path)) return message;
  switch (path) {
    case 'baseUrl': {
      const notUrl = /^'(.*)' is not a URL/.exec(message);
      if (notUrl) return t('providers.problems.baseUrlNotUrl', { text: notUrl[1] ?? '' });
      if (message.includes('http:// or https://')) return t('providers.problems.baseUrlScheme');
      if (message.includes('user name or password')) return t('providers.problems.baseUrlCredentials');
      if (message.includes('?query')) return t('providers.problems.baseUrlQuery');
      return t('providers.problems.baseUrl');
    }
    case 'apiKey':
      return t('providers.key.problems.apiKey');
    case 'framesPerRequest':
      return t('providers.problems.framesPerRequest', { max: MAX_FRAMES });
    default:
      return t(`providers.problems.${path}`);
  }
}

export const fieldLabel = (t: T, path: string) => (isKnownField(path) ? t(FIELD_LABELS[path]) : path);

const NAMED = [
  'InvalidArguments',
  'ProviderConfigError',
  'MissingApiKeyError',
  'ProviderRequestError',
  'UnsupportedInputError',
  'NotFound',
  'KeyStoreUnavailable',
  'PlainTextKeyStorageRefused',
  'ApiKeyUnreadable',
  'ApiKeyForAnotherEndpoint',
  'ApiKeyNotBound',
] as const;
/** Errors whose name says all there is to say: their English message adds nothing. */
const SELF_EXPLANATORY = new Set<string>([
  'MissingApiKeyError',
  'NotFound',
  'KeyStoreUnavailable',
  'PlainTextKeyStorageRefused',
  'ApiKeyUnreadable',
  'ApiKeyForAnotherEndpoint',
  'ApiKeyNotBound',
]);

/** What failed, by the error's name; `detail` is what is left to quote (a server's or a tool's own words). */
export function errorInWords(t: T, err: unknown): { heading: string; detail: string | null } {
  const name = err instanceof Error ? err.name : '';
  const known = (NAMED as readonly string[]).includes(name) ? (name as (typeof NAMED)[number]) : null;
  const heading = known ? t(`providers.errorNames.${known}`) : t('providers.errorNames.other');
  if (known && SELF_EXPLANATORY.has(known)) return { heading, detail: null };
  return { heading, detail: err instanceof Error ? err.message : String(err) };
}

/** The fields a refused call named (an ApiError's issues); read by shape, so this module needs no page APIs. */
export function fieldIssues(err: unknown): NonNullable<ApiErrorInfo['issues']> {
  const issues = err instanceof Error ? (err as Partial<ApiErrorInfo>).issues : undefined;
  return Array.isArray(issues) ? issues : [];
}

type Check = ConnectionTestResult['checks'][number];

/** The server's own words at the end of a backend detail ("…: <words>"), if there are any. */
function serverWords(detail: string, after: RegExp): string | null {
  const m = after.exec(detail);
  return m?.[1]?.trim() || null;
}

/** One finding of Test connection, rebuilt from the result so it reads in the reader's language. */
export function checkWords(t: T, c: Check, r: ConnectionTestResult, provider: ModelProvider): string {
  const model = provider.model;
  const host = r.host;
  const caps = r.capabilities;
  /** A finding and, when the server gave one, its own reason. */
  const withServer = (finding: string, text: string | null) =>
    text ? t('providers.test.checks.withServer', { finding, text }) : finding;
  switch (c.name) {
    case 'key':
      if (c.ok) return provider.hasApiKey ? t('providers.test.checks.keySet') : t('providers.test.checks.keyNone');
      return c.detail.startsWith('No API key') ? t('providers.test.checks.keyMissing') : c.detail;
    case 'models':
      if (r.models === null)
        return t('providers.test.checks.cannotList', { host, detail: serverWords(c.detail, /\((.*)\)$/) ?? c.detail });
      if (c.ok) return t('providers.test.checks.listed', { host, count: r.models.length, model });
      return t('providers.test.checks.notListed', {
        host,
        model,
        list: r.models.slice(0, 20).join(', ') || t('providers.test.checks.nothing'),
      });
    case 'answer': {
      const notJson = serverWords(c.detail, /answered, but not in the JSON format asked for .*?retries\): ([\s\S]*)$/);
      if (!c.ok && /answered, but not in the JSON format/.test(c.detail))
        return withServer(t('providers.test.checks.notJson', { model }), notJson);
      if (!c.ok || !caps) return withServer(t('providers.test.checks.noAnswer'), c.detail);
      return t(
        caps.structuredOutput === 'json_schema' && caps.schemaFollowed === false
          ? 'providers.test.checks.answeredUnfollowed'
          : 'providers.test.checks.answered',
        {
          model,
          format: t(`providers.test.formatLong.${caps.structuredOutput}`),
          parameter: caps.tokenParameter,
          count: caps.requests,
        },
      );
    }
    case 'images':
      if (caps?.images) return t('providers.test.checks.images', { model });
      return withServer(
        t('providers.test.checks.noImages', { model, host }),
        serverWords(c.detail, /The server said: "([\s\S]*)"$/),
      );
    case 'audio':
      if (caps?.audio === true) return t('providers.test.checks.audio');
      if (caps?.audio === false)
        return withServer(t('providers.test.checks.noAudio'), serverWords(c.detail, /scoring\): ([\s\S]*)$/));
      return t('providers.test.checks.audioUntested');
  }
}
