import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Examiner, SpansImportOutcome } from '../../../../contract/review';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/**
 * Step spans for many recordings at once, from a CSV (recording,step_id,start_s,end_s), as the
 * current examiner's. A file with any bad line is refused whole, each line named.
 */
export function SpansImport({ examiner, onImported }: { examiner: Examiner | null; onImported: () => void }) {
  const { t } = useTranslation('review');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<SpansImportOutcome | null>(null);
  const [fileName, setFileName] = useState('');

  async function importFile(file: File) {
    if (!examiner) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setFileName(file.name);
    try {
      const text = await file.text();
      setDone(await callApi('importStepSpans', { examinerId: examiner.id, fileName: file.name, text }));
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="spans-import" data-testid="spans-import">
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="spans-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importFile(file);
        }}
      />
      <button
        type="button"
        disabled={!examiner || busy}
        title={t('spans.buttonTitle')}
        onClick={() => input.current?.click()}
      >
        {busy ? t('spans.importing') : t('spans.button')}
      </button>
      {done ? (
        <span className="notice small" role="status" data-testid="spans-imported">
          {t('spans.imported', { spans: done.spans, count: done.recordings, examiner: done.examiner })}
        </span>
      ) : null}
      <ErrorText error={error} heading={t('spans.notImported', { file: fileName })} />
    </div>
  );
}
