import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTRY_KINDS, type BundleImportSummary, type EntryKind } from '../../../../contract/bundles';
import { callApi } from '../../api/client';
import { Modal } from '../../components/Modal';
import { formatNumber } from '../../../../domain/i18n/format';
import { useLanguage } from '../../i18n';
import { ConflictsPanel } from './ConflictsPanel';
import './settings.css';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isEntry = (k: string): k is EntryKind => (ENTRY_KINDS as readonly string[]).includes(k);
const total = (added: Record<string, number>) => Object.values(added).reduce((a, b) => a + b, 0);

/**
 * Importing an exam bundle: first a preview (nothing written) with the signer, what would be added
 * and every difference; an unknown signer is trusted only after the user confirms its fingerprint.
 * After the import, its differences are decided here one by one.
 */
export function BundleImportDialog({
  file,
  onClose,
  onImported,
}: {
  file: string;
  onClose: () => void;
  onImported?: () => void;
}) {
  const { t } = useTranslation('settings');
  const locale = useLanguage((s) => s.locale);
  const [preview, setPreview] = useState<BundleImportSummary | null>(null);
  const [imported, setImported] = useState<BundleImportSummary | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    callApi('previewBundle', file)
      .then(setPreview)
      .catch((err: unknown) => setRefusal(message(err)));
  }, [file]);

  const signer = preview?.signer;
  const unknownSigner = !!signer && !signer.trusted && !signer.thisWorkstation;

  async function runImport() {
    if (!preview) return;
    setBusy(true);
    setRefusal(null);
    try {
      const r = await callApi('importBundle', {
        file,
        ...(unknownSigner && confirmed ? { trustSigner: preview.signer.fingerprint } : {}),
      });
      setImported(r);
      onImported?.();
    } catch (err) {
      setRefusal(message(err));
    } finally {
      setBusy(false);
    }
  }

  const signerKind = !signer
    ? ''
    : signer.thisWorkstation
      ? t('bundles.preview.signerThis')
      : signer.trusted
        ? t('bundles.preview.signerTrusted')
        : t('bundles.preview.signerUnknown');

  return (
    <Modal title={t('bundles.preview.title')} onClose={busy ? undefined : onClose} testId="bundle-import" wide>
      {!preview && !refusal && <p role="status">{t('bundles.preview.reading')}</p>}
      {preview && signer && (
        <dl className="facts" data-testid="bundle-preview">
          <dt>{t('bundles.preview.file')}</dt>
          <dd className="mono">{preview.file}</dd>
          <dt>{t('bundles.preview.session')}</dt>
          <dd>{preview.session}</dd>
          <dt>{t('bundles.preview.signer')}</dt>
          <dd>
            {signer.label} ({signerKind})
          </dd>
          <dt>{t('bundles.preview.fingerprint')}</dt>
          <dd className="mono fingerprint" data-testid="bundle-fingerprint">
            {signer.fingerprint}
          </dd>
        </dl>
      )}
      {preview && !imported && (
        <>
          {preview.alreadyImported && <p className="notice">{t('bundles.preview.alreadyImported')}</p>}
          <h3>{t('bundles.preview.added')}</h3>
          {total(preview.added) === 0 ? (
            <p className="muted">{t('bundles.preview.nothingAdded')}</p>
          ) : (
            <ul className="bundle-counts" data-testid="bundle-added">
              {Object.entries(preview.added)
                .filter(([, n]) => n > 0)
                .map(([kind, n]) => (
                  <li key={kind}>
                    {isEntry(kind) ? t(`bundles.entries.${kind}`) : kind}: {formatNumber(n, locale)}
                  </li>
                ))}
            </ul>
          )}
          <p className="muted">{t('bundles.preview.unchanged', { count: preview.unchanged })}</p>
          <p data-testid="bundle-differences">
            {preview.conflicts.length
              ? t('bundles.preview.differences', { count: preview.conflicts.length })
              : t('bundles.preview.noDifferences')}
          </p>
          {unknownSigner && (
            <div className="restore-warning">
              <p>{t('bundles.preview.unknownSigner')}</p>
              <label className="check">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                {t('bundles.preview.confirmFingerprint')}
              </label>
            </div>
          )}
        </>
      )}
      {refusal && (
        <p className="error-text" role="alert" data-testid="bundle-refused">
          {t('bundles.preview.refused', { reason: refusal })}
        </p>
      )}
      {imported && (
        <>
          <p role="status" data-testid="bundle-imported">
            {t('bundles.preview.imported', { added: total(imported.added), count: imported.conflicts.length })}
          </p>
          <ConflictsPanel />
        </>
      )}
      <div className="modal-actions">
        {imported ? (
          <button type="button" onClick={onClose}>
            {t('bundles.preview.close')}
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose} disabled={busy}>
              {t('bundles.preview.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview || busy || (unknownSigner && !confirmed)}
              onClick={() => void runImport()}
            >
              {busy ? t('bundles.preview.importing') : t('bundles.preview.import')}
            </button>
          </>
        )}
      </div>
    </Modal>
  );
}
