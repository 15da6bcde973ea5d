import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelProvider, ProviderKind } from '../../../../contract/scoring';
import { callApi } from '../../api/client';
import { useModelProviders } from '../scoring/useModelProviders';
import { ApiKeyPanel } from './ApiKeyPanel';
import { ConnectionTest } from './ConnectionTest';
import { ProviderErrorText } from './ProviderErrorText';
import { ProviderForm } from './ProviderForm';
import { kindWord, whereWord } from './provider-words';
import './settings.css';

/** `provider` is null until a new one is first saved; `session` remounts the form when that happens. */
type Editing = { kind: ProviderKind; provider: ModelProvider | null; session: number };

/** Settings › Model providers: the endpoints model suggestions come from, their keys and a connection test. */
export function ProvidersCard() {
  const { t } = useTranslation('settings');
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
    <section className="card provider-settings" data-testid="model-providers" aria-labelledby="providers-title">
      <div className="card-head">
        <div>
          <h2 id="providers-title">{t('providers.title')}</h2>
          <p className="muted">{t('providers.intro')}</p>
        </div>
        <div className="row">
          <button type="button" onClick={() => open('api', null)}>
            {t('providers.addApi')}
          </button>
          <button type="button" onClick={() => open('local', null)}>
            {t('providers.addLocal')}
          </button>
        </div>
      </div>
      <ProviderErrorText error={error ?? actionError} />
      {providers && providers.length === 0 && !editing && (
        <p className="muted" data-testid="no-providers">
          {t('providers.none')}
        </p>
      )}
      {providers && providers.length > 0 && (
        <table className="table providers-table" data-testid="providers-table">
          <thead>
            <tr>
              <th>{t('providers.columns.name')}</th>
              <th>{t('providers.columns.kind')}</th>
              <th>{t('providers.columns.endpoint')}</th>
              <th>{t('providers.columns.model')}</th>
              <th>{t('providers.columns.key')}</th>
              <th>{t('providers.columns.where')}</th>
              <th>
                <span className="providers-sr-only">{t('providers.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id} className={p.id === editing?.provider?.id ? 'selected' : undefined}>
                <td>{p.name}</td>
                <td>{kindWord(t, p.kind)}</td>
                <td>
                  <code>{p.host}</code>
                </td>
                <td>{p.model}</td>
                <td>
                  {p.hasApiKey
                    ? t('providers.keyState.saved')
                    : p.kind === 'api'
                      ? t('providers.keyState.missing')
                      : t('providers.keyState.none')}
                </td>
                <td>{whereWord(t, p)}</td>
                <td className="actions">
                  <button type="button" onClick={() => open(p.kind, p)}>
                    {t('providers.edit')}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(p)}
                    aria-label={t('providers.deleteLabel', { name: p.name })}
                  >
                    {t('providers.delete')}
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
              ? t('providers.editing', { name: current.name, kind: kindWord(t, current.kind) })
              : editing.kind === 'api'
                ? t('providers.newApi')
                : t('providers.newLocal')}
          </h3>
          <ProviderForm kind={editing.kind} provider={current} onSaved={changed} onCancel={() => setEditing(null)} />
          {current ? (
            <div className="provider-extras">
              <ApiKeyPanel provider={current} onChanged={changed} />
              <ConnectionTest provider={current} onTested={() => void reload()} />
            </div>
          ) : (
            <p className="muted">{t('providers.addFirst')}</p>
          )}
        </div>
      )}
    </section>
  );
}
