import { useId, useState, type ReactNode } from 'react';
import type { ArgsOf } from '../../../../contract/api';
import type { ModelProvider, PresetId, ProviderKind, TokenParameter } from '../../../../contract/scoring';
import { findPreset, PROVIDER_PRESETS, type ProviderPreset } from '../../../../domain/model-providers/presets';
import { ApiError, callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

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
  const [f, setF] = useState<Fields>(() => (provider ? fieldsOf(provider) : newProviderFields(kind)));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const ids = useId();
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setF((old) => ({ ...old, [k]: v }));
  const issues = error instanceof ApiError ? (error.issues ?? []) : [];
  const problem = (field: string) => issues.find((i) => i.path === field)?.message;

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
  return (
    <form className="provider-form" onSubmit={(e) => void save(e)} data-testid="provider-form" noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${ids}-preset`}>Preset</label>
          <select id={`${ids}-preset`} value={f.preset} onChange={(e) => choosePreset(e.target.value)}>
            {PROVIDER_PRESETS.filter((p) => p.kind === kind).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="">Other (fill in yourself)</option>
          </select>
          <small className="muted">
            {preset ? `${preset.baseUrlPattern} · ${preset.note}` : 'any OpenAI-compatible server'}
          </small>
        </div>
        {field('name', 'Name')}
        {field('baseUrl', 'Base URL', {
          hint: preset?.baseUrlPattern.includes('{')
            ? `${preset.baseUrlPattern}: put in the lab server's name or address`
            : kind === 'api'
              ? 'e.g. https://api.openai.com/v1'
              : 'OpenAI-compatible, e.g. http://192.168.1.50:11434/v1',
        })}
        {field('model', 'Model', {
          placeholder: preset?.modelHint ?? (kind === 'api' ? 'gpt-4o-mini' : 'e.g. qwen2.5vl:7b'),
        })}
        {field('framesPerRequest', 'Frames per request', {
          type: 'number',
          hint: 'still frames sent for one recording (or one step in clip mode)',
        })}
        <div className="field">
          <label htmlFor={`${ids}-imageDetail`}>Image detail</label>
          <select
            id={`${ids}-imageDetail`}
            value={f.imageDetail}
            onChange={(e) => set('imageDetail', e.target.value as Fields['imageDetail'])}
          >
            <option value="low">low (85 tokens per frame)</option>
            <option value="high">high (more tokens, finer detail)</option>
            <option value="auto">auto (the server decides)</option>
          </select>
        </div>
        {field('timeoutS', 'Timeout (seconds)', { type: 'number' })}
        {field('concurrency', 'Concurrency', { type: 'number', hint: 'requests at once to this endpoint' })}
        {field('temperature', 'Temperature', {
          type: 'number',
          step: '0.1',
          hint: '0 gives the most repeatable answers',
        })}
        {field('maxOutputTokens', 'Maximum output tokens', { type: 'number' })}
        {field('seed', 'Seed (optional)', { type: 'number', hint: 'where the server supports it' })}
        <div className="field">
          <label htmlFor={`${ids}-tokenParameter`}>Token limit parameter</label>
          <select
            id={`${ids}-tokenParameter`}
            value={f.tokenParameter}
            onChange={(e) => set('tokenParameter', e.target.value as TokenParameter)}
          >
            <option value="max_tokens">max_tokens (most lab servers)</option>
            <option value="max_completion_tokens">max_completion_tokens (OpenAI's newer models)</option>
          </select>
          <small className="muted">Test connection finds the right one</small>
        </div>
        <div className="field">
          <span>Faces</span>
          <label className="check">
            <input
              type="checkbox"
              checked={f.maskFaces}
              onChange={(e) => set('maskFaces', e.target.checked)}
              data-testid="mask-faces"
            />
            Mask faces before frames are sent
          </label>
          <small className="muted">
            detected and blurred on this computer;{' '}
            {kind === 'api' ? 'on by default for an API' : 'frames to a lab server usually stay in the lab'}
          </small>
        </div>
      </div>
      {issues.length === 0 && <ErrorText error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {provider ? 'Save changes' : 'Add provider'}
        </button>
        <button type="button" onClick={onCancel}>
          {provider ? 'Close' : 'Cancel'}
        </button>
        {issues.length > 0 && <span className="field-problem">Please check the highlighted fields.</span>}
      </div>
    </form>
  );
}
