import { useId, useState, type ReactNode } from 'react';
import type { ArgsOf } from '../../../../contract/api';
import type { ModelProvider, ProviderKind } from '../../../../contract/scoring-types';
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
};

/** Starting values: the OpenAI API, or a server on this machine (Ollama's default port). */
export function newProviderFields(kind: ProviderKind): Fields {
  const common = { framesPerRequest: '16', imageDetail: 'low' as const, timeoutS: '120', temperature: '0', maxOutputTokens: '4096', seed: '' };
  return kind === 'api'
    ? { ...common, name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', concurrency: '4' }
    : { ...common, name: 'Lab server', baseUrl: 'http://127.0.0.1:11434/v1', model: '', concurrency: '2' };
}

function fieldsOf(p: ModelProvider): Fields {
  return {
    name: p.name, baseUrl: p.baseUrl, model: p.model, framesPerRequest: String(p.framesPerRequest), imageDetail: p.imageDetail,
    timeoutS: String(p.timeoutS), concurrency: String(p.concurrency), temperature: String(p.temperature),
    maxOutputTokens: String(p.maxOutputTokens), seed: p.seed === null ? '' : String(p.seed),
  };
}

/** Text boxes give strings; an empty or non-numeric one is sent as NaN so the contract names the field. */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** The settings of one provider (new when `provider` is null). API keys are entered separately, below. */
export function ProviderForm({ kind, provider, onSaved, onCancel }: { kind: ProviderKind; provider: ModelProvider | null; onSaved: (p: ModelProvider) => void; onCancel: () => void }) {
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
      name: f.name, kind, baseUrl: f.baseUrl, model: f.model, framesPerRequest: num(f.framesPerRequest), imageDetail: f.imageDetail,
      timeoutS: num(f.timeoutS), concurrency: num(f.concurrency), temperature: num(f.temperature), maxOutputTokens: num(f.maxOutputTokens),
      seed: f.seed.trim() === '' ? null : num(f.seed),
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
  const field = (k: Exclude<keyof Fields, 'imageDetail'>, label: string, extra: { hint?: ReactNode; type?: string; step?: string; placeholder?: string } = {}) => {
    const note = problem(k) ? <small className="field-problem">{problem(k)}</small> : extra.hint ? <small className="muted">{extra.hint}</small> : null;
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

  return (
    <form className="provider-form" onSubmit={(e) => void save(e)} data-testid="provider-form" noValidate>
      <div className="form-grid">
        {field('name', 'Name')}
        {field('baseUrl', 'Base URL', { hint: kind === 'api' ? 'e.g. https://api.openai.com/v1' : 'OpenAI-compatible, e.g. http://127.0.0.1:11434/v1 (Ollama)' })}
        {field('model', 'Model', { placeholder: kind === 'api' ? 'gpt-4o-mini' : 'e.g. qwen2.5vl:7b' })}
        {field('framesPerRequest', 'Frames per request', { type: 'number', hint: 'still frames sent for one recording (or one step in clip mode)' })}
        <div className="field">
          <label htmlFor={`${ids}-imageDetail`}>Image detail</label>
          <select id={`${ids}-imageDetail`} value={f.imageDetail} onChange={(e) => set('imageDetail', e.target.value as Fields['imageDetail'])}>
            <option value="low">low (85 tokens per frame)</option>
            <option value="high">high (more tokens, finer detail)</option>
            <option value="auto">auto (the server decides)</option>
          </select>
        </div>
        {field('timeoutS', 'Timeout (seconds)', { type: 'number' })}
        {field('concurrency', 'Concurrency', { type: 'number', hint: 'requests at once to this endpoint' })}
        {field('temperature', 'Temperature', { type: 'number', step: '0.1', hint: '0 gives the most repeatable answers' })}
        {field('maxOutputTokens', 'Maximum output tokens', { type: 'number' })}
        {field('seed', 'Seed (optional)', { type: 'number', hint: 'where the server supports it' })}
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
