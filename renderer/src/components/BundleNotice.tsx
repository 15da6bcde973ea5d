import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppCommands } from '../store/app-commands';
import { BundleImportDialog } from '../sections/settings/BundleImportDialog';

/**
 * An exam bundle the app was asked to open (double-click, File › Open exam bundle…): the notice
 * leads into the import screen (preview, signer, differences), where it is imported or not.
 */
export function BundleNotice() {
  const { t } = useTranslation('settings');
  const { bundles, dismissBundle } = useAppCommands();
  const [open, setOpen] = useState<string | null>(null);
  if (!bundles.length && !open) return null;
  return (
    <>
      {bundles.length > 0 && (
        <div className="bundle-notice" role="status" data-testid="bundle-notice">
          {bundles.map((path) => (
            <div key={path} className="bundle-notice-row">
              <span>
                <strong>{t('bundles.notice.label')}</strong> <span className="mono">{path}</span>
                <br />
                <span className="muted">{t('bundles.notice.hint')}</span>
              </span>
              <span className="row">
                <button type="button" className="primary" onClick={() => setOpen(path)}>
                  {t('bundles.notice.review')}
                </button>
                <button type="button" onClick={() => dismissBundle(path)}>
                  {t('bundles.notice.dismiss')}
                </button>
              </span>
            </div>
          ))}
        </div>
      )}
      {open && <BundleImportDialog file={open} onClose={() => setOpen(null)} onImported={() => dismissBundle(open)} />}
    </>
  );
}
