import { useCallback, useEffect, useState } from 'react';
import type { ModelProvider } from '../../../../contract/scoring';
import type { TFunction } from 'i18next';
import { formatNumber } from '../../../../domain/i18n/format';
import type { Locale } from '../../../../domain/i18n/locales';
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

/** `t` words it in the page's language; without it (callers not yet translated) it is English. */
export const kindLabel = (kind: ModelProvider['kind'], t?: TFunction<'scoring'>) =>
  kind === 'api' ? (t?.('provider.abbrApi') ?? 'API') : (t?.('provider.local') ?? 'Local server');

/** Where frames go, in the words the consent dialog uses. */
export function whereLabel(p: Pick<ModelProvider, 'location' | 'consentGiven'>, t?: TFunction<'scoring'>): string {
  if (p.location !== 'remote') return t?.('provider.thisMachine') ?? 'this machine';
  if (p.consentGiven) return t?.('provider.remoteConsent') ?? 'another machine · consent given';
  return t?.('provider.remoteAsks') ?? 'another machine · asks before sending';
}

export const fmtTokens = (n: number, locale: Locale) => formatNumber(n, locale);
