import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArgsOf } from '../../../../contract/api';
import type { ModelProvider, PresetId, ProviderKind, TokenParameter } from '../../../../contract/scoring';
import { findPreset, PROVIDER_PRESETS, type ProviderPreset } from '../../../../domain/model-providers/presets';
import { callApi } from '../../api/client';
import { fieldIssues, fieldProblem, presetLabel, presetModelHint, presetNote } from './provider-words';
import { ProviderErrorText } from './ProviderErrorText';

/** A model's name as an example (not words to translate). */
const API_MODEL_EXAMPLE = 'gpt-4o-mini';

type Fields = {
  name: string;
  baseUrl: string;
  model: string;
  framesPerRequest: string;
  imageDetail: 'low' | 'high' | 'auto';
  timeoutS: string;
  concurrency: string;
  temperature: string;
  maxOutputTokens: string;
  seed: string;
  preset: PresetId | '';
  tokenParameter: TokenParameter;
  maskFaces: boolean;
};

/** The settings a preset fills in; the kind stays the one the user chose with the button. */
function presetFields(p: ProviderPreset): Partial<Fields> {
  return {
    preset: p.id,
    name: p.label,
    baseUrl: p.defaultBaseUrl ?? p.baseUrlPattern,
    model: p.kind === 'api' && p.id === 'openai' ? p.modelHint : '',
    concurrency: String(p.concurrency),
    tokenParameter: p.tokenParameter,
  };
}

/** Starting values: the first preset of the kind chosen (OpenAI, or Ollama on this machine). */
function newProviderFields(kind: ProviderKind): Fields {
  const common = {
    framesPerRequest: '16',
    imageDetail: 'low' as const,
    timeoutS: '120',
    temperature: '0',
    maxOutputTokens: '4096',
    seed: '',
  };
  const first = PROVIDER_PRESETS.find((p) => p.kind === kind)!;
  return {
    ...common,
    name: '',
    baseUrl: '',
    model: '',
    concurrency: '4',
    preset: '',
    tokenParameter: kind === 'api' ? 'max_completion_tokens' : 'max_tokens',
    // Faces are masked by default where frames go to an API.
    maskFaces: kind === 'api',
    ...presetFields(first),
  };
}

function fieldsOf(p: ModelProvider): Fields {
  return {
    name: p.name,
    baseUrl: p.baseUrl,
    model: p.model,
    framesPerRequest: String(p.framesPerRequest),
    imageDetail: p.imageDetail,
    timeoutS: String(p.timeoutS),
    concurrency: String(p.concurrency),
    temperature: String(p.temperature),
    maxOutputTokens: String(p.maxOutputTokens),
    seed: p.seed === null ? '' : String(p.seed),
    preset: p.preset ?? '',
    tokenParameter: p.tokenParameter,
    maskFaces: p.maskFaces,
  };
}

/** Text boxes give strings; an empty or non-numeric one is sent as NaN so the contract names the field. */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** The settings of one provider (new when `provider` is null). API keys are entered separately, below. */
export function ProviderForm({
  kind,
  provider,
  onSaved,
  onCancel,
}: {
  kind: ProviderKind;
  provider: ModelProvider | null;
  onSaved: (p: ModelProvider) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('settings');
  const [f, setF] = useState<Fields>(() => (provider ? fieldsOf(provider) : newProviderFields(kind)));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const ids = useId();
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setF((old) => ({ ...old, [k]: v }));
  const issues = fieldIssues(error);
  const problem = (field: string) => {
    const issue = issues.find((i) => i.path === field);
    return issue && fieldProblem(t, issue.path, issue.message);
  };

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const input: ArgsOf<'saveModelProvider'>[0] = {
      ...(provider ? { id: provider.id } : {}),
      name: f.name,
      kind,
      baseUrl: f.baseUrl,
      model: f.model,
      framesPerRequest: num(f.framesPerRequest),
      imageDetail: f.imageDetail,
      timeoutS: num(f.timeoutS),
      concurrency: num(f.concurrency),
      temperature: num(f.temperature),
      maxOutputTokens: num(f.maxOutputTokens),
      seed: f.seed.trim() === '' ? null : num(f.seed),
      preset: f.preset === '' ? null : f.preset,
      tokenParameter: f.tokenParameter,
      maskFaces: f.maskFaces,
    };
    try {
      onSaved(await callApi('saveModelProvider', input));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  // The label names the input; a hint or a problem describes it (so "Base URL" stays its exact name).
  const field = (
    k: Exclude<keyof Fields, 'imageDetail' | 'preset' | 'tokenParameter' | 'maskFaces'>,
    label: string,
    extra: { hint?: ReactNode; type?: string; step?: string; placeholder?: string } = {},
  ) => {
    const note = problem(k) ? (
      <small className="field-problem">{problem(k)}</small>
    ) : extra.hint ? (
      <small className="muted">{extra.hint}</small>
    ) : null;
    return (
      <div className={problem(k) ? 'field invalid' : 'field'}>
        <label htmlFor={`${ids}-${k}`}>{label}</label>
        <input
          id={`${ids}-${k}`}
          value={f[k]}
          onChange={(e) => set(k, e.target.value)}
          type={extra.type ?? 'text'}
          step={extra.step}
          placeholder={extra.placeholder}
          aria-invalid={problem(k) ? true : undefined}
          aria-describedby={note ? `${ids}-${k}-note` : undefined}
        />
        {note && <span id={`${ids}-${k}-note`}>{note}</span>}
      </div>
    );
  };

  const preset = f.preset ? findPreset(f.preset) : undefined;
  const choosePreset = (id: string) => {
    const p = findPreset(id);
    setF((old) => (p ? { ...old, ...presetFields(p) } : { ...old, preset: '' }));
  };
  // Built outside the markup: the field names and input types here are code, not words to translate.
  const inputs = {
    name: field('name', t('providers.form.name')),
    baseUrl: field('baseUrl', t('providers.form.baseUrl'), {
      hint: preset?.baseUrlPattern.includes('{')
        ? t('providers.form.baseUrlPattern', { pattern: preset.baseUrlPattern })
        : kind === 'api'
          ? t('providers.form.baseUrlApiExample')
          : t('providers.form.baseUrlLocalExample'),
    }),
    model: field('model', t('providers.form.model'), {
      placeholder: preset
        ? presetModelHint(t, preset)
        : kind === 'api'
          ? API_MODEL_EXAMPLE
          : t('providers.form.modelLocalExample'),
    }),
    framesPerRequest: field('framesPerRequest', t('providers.form.framesPerRequest'), {
      type: 'number',
      hint: t('providers.form.framesHint'),
    }),
    timeoutS: field('timeoutS', t('providers.form.timeoutS'), { type: 'number' }),
    concurrency: field('concurrency', t('providers.form.concurrency'), {
      type: 'number',
      hint: t('providers.form.concurrencyHint'),
    }),
    temperature: field('temperature', t('providers.form.temperature'), {
      type: 'number',
      step: '0.1',
      hint: t('providers.form.temperatureHint'),
    }),
    maxOutputTokens: field('maxOutputTokens', t('providers.form.maxOutputTokens'), { type: 'number' }),
    seed: field('seed', t('providers.form.seed'), { type: 'number', hint: t('providers.form.seedHint') }),
  };
  return (
    <form className="provider-form" onSubmit={(e) => void save(e)} data-testid="provider-form" noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${ids}-preset`}>{t('providers.form.preset')}</label>
          <select id={`${ids}-preset`} value={f.preset} onChange={(e) => choosePreset(e.target.value)}>
            {PROVIDER_PRESETS.filter((p) => p.kind === kind).map((p) => (
              <option key={p.id} value={p.id}>
                {presetLabel(t, p)}
              </option>
            ))}
            <option value="">{t('providers.form.other')}</option>
          </select>
          <small className="muted" data-testid="preset-note">
            {preset ? `${preset.baseUrlPattern} · ${presetNote(t, preset)}` : t('providers.form.anyServer')}
          </small>
        </div>
        {inputs.name}
        {inputs.baseUrl}
        {inputs.model}
        {inputs.framesPerRequest}
        <div className="field">
          <label htmlFor={`${ids}-imageDetail`}>{t('providers.form.imageDetail')}</label>
          <select
            id={`${ids}-imageDetail`}
            value={f.imageDetail}
            onChange={(e) => set('imageDetail', e.target.value as Fields['imageDetail'])}
          >
            <option value="low">{t('providers.form.detailLow')}</option>
            <option value="high">{t('providers.form.detailHigh')}</option>
            <option value="auto">{t('providers.form.detailAuto')}</option>
          </select>
        </div>
        {inputs.timeoutS}
        {inputs.concurrency}
        {inputs.temperature}
        {inputs.maxOutputTokens}
        {inputs.seed}
        <div className="field">
          <label htmlFor={`${ids}-tokenParameter`}>{t('providers.form.tokenParameter')}</label>
          <select
            id={`${ids}-tokenParameter`}
            value={f.tokenParameter}
            onChange={(e) => set('tokenParameter', e.target.value as TokenParameter)}
          >
            <option value="max_tokens">{t('providers.form.tokenMaxTokens')}</option>
            <option value="max_completion_tokens">{t('providers.form.tokenMaxCompletion')}</option>
          </select>
          <small className="muted">{t('providers.form.tokenHint')}</small>
        </div>
        <div className="field">
          <span>{t('providers.form.faces')}</span>
          <label className="check">
            <input
              type="checkbox"
              checked={f.maskFaces}
              onChange={(e) => set('maskFaces', e.target.checked)}
              data-testid="mask-faces"
            />
            {t('providers.form.maskFaces')}
          </label>
          <small className="muted">
            {kind === 'api' ? t('providers.form.maskApi') : t('providers.form.maskLocal')}
          </small>
        </div>
      </div>
      {issues.length === 0 && <ProviderErrorText error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {provider ? t('providers.form.save') : t('providers.form.add')}
        </button>
        <button type="button" onClick={onCancel}>
          {provider ? t('providers.form.close') : t('providers.form.cancel')}
        </button>
        {issues.length > 0 && <span className="field-problem">{t('providers.form.checkFields')}</span>}
      </div>
    </form>
  );
}
