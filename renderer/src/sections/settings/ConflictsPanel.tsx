import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeConflictItem } from '../../../../contract/bundles';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useDataChanged } from '../../api/useDataChanged';

const KINDS = ['step_score', 'adjudication', 'step_span', 'station', 'marking', 'session', 'recording'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (k: string): k is Kind => (KINDS as readonly string[]).includes(k);

/** A conflict's natural key in words: its text parts (a rater's identity is itself a key), hashes shortened. */
function keyInWords(key: string): string {
  const words = (v: unknown): string[] => {
    if (Array.isArray(v)) return v.flatMap(words);
    if (typeof v !== 'string' || v === '') return [];
    if (v.startsWith('[')) {
      try {
        return words(JSON.parse(v));
      } catch {
        return [v];
      }
    }
    if (/^[0-9a-f]{64}$/.test(v)) return [`${v.slice(0, 10)}…`];
    return [v];
  };
  try {
    return words(JSON.parse(key)).join(' · ');
  } catch {
    return key;
  }
}

const show = (v: unknown, empty: string) =>
  v === null || v === undefined || v === '' ? empty : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** One difference, both sides field by field, decided with a reason (audited like `osce bundle decide`). */
function ConflictCard({ conflict, onDecided }: { conflict: MergeConflictItem; onDecided: () => void }) {
  const { t } = useTranslation('settings');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [needReason, setNeedReason] = useState(false);
  const fields = [...new Set([...Object.keys(conflict.local), ...Object.keys(conflict.incoming)])];
  const kind = t(`bundles.kinds.${isKind(conflict.kind) ? conflict.kind : 'other'}`);
  const what = keyInWords(conflict.key);
  const empty = t('bundles.conflict.empty');

  async function decide(choice: 'keep-local' | 'take-incoming') {
    if (!reason.trim()) return setNeedReason(true);
    setNeedReason(false);
    setBusy(true);
    setError(null);
    try {
      await callApi('decideMergeConflict', { id: conflict.id, choice, reason: reason.trim() });
      onDecided();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const reasonId = `conflict-reason-${conflict.id}`;
  return (
    <li className="conflict" data-testid="conflict" aria-label={`${kind}: ${what}`}>
      <h4>
        {kind} <span className="muted mono">{what}</span>
      </h4>
      <table className="conflict-sides">
        <thead>
          <tr>
            <th scope="col">{t('bundles.conflict.field')}</th>
            <th scope="col">{t('bundles.conflict.local')}</th>
            <th scope="col">{t('bundles.conflict.incoming')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const differs = show(conflict.local[f], empty) !== show(conflict.incoming[f], empty);
            return (
              <tr key={f} className={differs ? 'differs' : undefined}>
                <th scope="row">{f}</th>
                <td>{show(conflict.local[f], empty)}</td>
                <td>{show(conflict.incoming[f], empty)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="conflict-decide">
        <label htmlFor={reasonId}>{t('bundles.conflict.reason')}</label>
        <input
          id={reasonId}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('bundles.conflict.reasonPlaceholder')}
          maxLength={2000}
        />
        <button type="button" disabled={busy} onClick={() => void decide('keep-local')}>
          {t('bundles.conflict.keepLocal')}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('take-incoming')}>
          {t('bundles.conflict.takeIncoming')}
        </button>
      </div>
      {needReason && (
        <p className="error-text" role="alert">
          {t('bundles.conflict.needReason')}
        </p>
      )}
      <ErrorText error={error} />
    </li>
  );
}

/** The open differences imported bundles left, each decided on its own. */
export function ConflictsPanel() {
  const { t } = useTranslation('settings');
  const [conflicts, setConflicts] = useState<MergeConflictItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => callApi('listMergeConflicts', {}).then(setConflicts).catch(setError), []);
  useEffect(() => {
    void load();
  }, [load]);
  useDataChanged(['marks'], load);

  return (
    <div className="conflicts" data-testid="conflicts">
      <h3>
        {t('bundles.conflictsTitle')}
        {conflicts && conflicts.length > 0 && (
          <span className="muted"> · {t('bundles.openCount', { count: conflicts.length })}</span>
        )}
      </h3>
      <ErrorText error={error} />
      {conflicts && conflicts.length === 0 && <p className="muted">{t('bundles.noConflicts')}</p>}
      {conflicts && conflicts.length > 0 && (
        <ul className="conflict-list">
          {conflicts.map((c) => (
            <ConflictCard key={c.id} conflict={c} onDecided={() => void load()} />
          ))}
        </ul>
      )}
    </div>
  );
}
