import { useState } from 'react';
import type { ModelProvider, ProviderKind } from '../../../../contract/scoring';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { kindLabel, useModelProviders, whereLabel } from '../scoring/useModelProviders';
import { ApiKeyPanel } from './ApiKeyPanel';
import { ConnectionTest } from './ConnectionTest';
import { ProviderForm } from './ProviderForm';
import './settings.css';

/** `provider` is null until a new one is first saved; `session` remounts the form when that happens. */
type Editing = { kind: ProviderKind; provider: ModelProvider | null; session: number };

/** Settings › Model providers: the endpoints model suggestions come from, their keys and a connection test. */
export function ProvidersCard() {
  const { providers, error, reload } = useModelProviders();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  // The listed version is the freshest (a key saved, consent given); the snapshot covers the moment before the list reloads.
  const current = editing?.provider
    ? (providers?.find((p) => p.id === editing.provider!.id) ?? editing.provider)
    : null;

  const open = (kind: ProviderKind, provider: ModelProvider | null) =>
    setEditing((e) => ({ kind, provider, session: (e?.session ?? 0) + 1 }));

  function changed(p: ModelProvider) {
    void reload();
    setEditing((e) => (e ? { ...e, provider: p, session: e.provider ? e.session : e.session + 1 } : e));
  }

  async function remove(p: ModelProvider) {
    setActionError(null);
    try {
      await callApi('deleteModelProvider', p.id);
      if (editing?.provider?.id === p.id) setEditing(null);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <section className="card provider-settings" data-testid="model-providers">
      <div className="card-head">
        <div>
          <h2>Model providers</h2>
          <p className="muted">
            Suggestions come from an OpenAI-compatible endpoint: the OpenAI API, or a server in the lab (Ollama, vLLM,
            LM Studio, llama.cpp). They assist the examiner and never become marks on their own.
          </p>
        </div>
        <div className="row">
          <button type="button" onClick={() => open('api', null)}>
            Add API provider
          </button>
          <button type="button" onClick={() => open('local', null)}>
            Add local server
          </button>
        </div>
      </div>
      <ErrorText error={error ?? actionError} />
      {providers && providers.length === 0 && !editing && (
        <p className="muted" data-testid="no-providers">
          No provider yet. Add a local server to keep every frame on this machine, or the OpenAI API with your
          organisation's key.
        </p>
      )}
      {providers && providers.length > 0 && (
        <table className="table providers-table" data-testid="providers-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Endpoint</th>
              <th>Model</th>
              <th>Key</th>
              <th>Frames go to</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id} className={p.id === editing?.provider?.id ? 'selected' : undefined}>
                <td>{p.name}</td>
                <td>{kindLabel(p.kind)}</td>
                <td>
                  <code>{p.host}</code>
                </td>
                <td>{p.model}</td>
                <td>{p.hasApiKey ? 'saved' : p.kind === 'api' ? 'missing' : 'none'}</td>
                <td>{whereLabel(p)}</td>
                <td className="actions">
                  <button type="button" onClick={() => open(p.kind, p)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(p)}
                    aria-label={`Delete ${p.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <div className="provider-editor" key={editing.session}>
          <h3>
            {current
              ? `${current.name} (${kindLabel(current.kind)})`
              : `New ${kindLabel(editing.kind).toLowerCase()} provider`}
          </h3>
          <ProviderForm kind={editing.kind} provider={current} onSaved={changed} onCancel={() => setEditing(null)} />
          {current ? (
            <div className="provider-extras">
              <ApiKeyPanel provider={current} onChanged={changed} />
              <ConnectionTest provider={current} onTested={() => void reload()} />
            </div>
          ) : (
            <p className="muted">Add the provider first; then you can save its API key and test the connection.</p>
          )}
        </div>
      )}
    </section>
  );
}
