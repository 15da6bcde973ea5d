import { useCallback, useEffect, useState } from 'react';
import type { ModelProvider } from '../../../../contract/scoring';
import { callApi, onEvent } from '../../api/client';

/** The configured model providers, re-read when settings change (a key stored, consent given). */
export function useModelProviders() {
  const [providers, setProviders] = useState<ModelProvider[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setProviders(await callApi('listModelProviders'));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void reload();
    return onEvent('data-changed', (e) => {
      if (e.what === 'settings') void reload();
    });
  }, [reload]);
  return { providers, error, reload };
}

export const kindLabel = (kind: ModelProvider['kind']) => (kind === 'api' ? 'API' : 'Local server');

/** Where frames go, in the words the consent dialog uses. */
export function whereLabel(p: Pick<ModelProvider, 'location' | 'consentGiven'>): string {
  if (p.location !== 'remote') return 'this machine';
  return p.consentGiven ? 'another machine · consent given' : 'another machine · asks before sending';
}

export const fmtTokens = (n: number) => n.toLocaleString('en-GB');
