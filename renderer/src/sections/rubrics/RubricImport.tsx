import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricSaveResult } from '../../../../contract/rubrics';
import { ApiError, callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

/** Same limit as the contract's; checked here too so a huge file is never read into memory. */
const MAX_FILE_BYTES = 1_000_000;

/** Imports a rubric JSON or a checklist CSV chosen with the file picker; the backend validates it. */
export function RubricImport({ onImported }: { onImported(result: RubricSaveResult, fileName: string): void }) {
  const { t } = useTranslation('rubrics');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ fileName: string; issues: { path: string; message: string }[] } | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);

  async function importFile(file: File) {
    setProblems(null);
    setError(null);
    if (file.size > MAX_FILE_BYTES) {
      setError(new Error(t('import.tooLarge', { file: file.name, size: (file.size / 1e6).toFixed(1) })));
      return;
    }
    setBusy(true);
    try {
      const result = await callApi('importRubricFile', { fileName: file.name, content: await file.text() });
      onImported(result, file.name);
    } catch (err) {
      if (err instanceof ApiError && err.name === 'InvalidRubric' && err.issues?.length)
        setProblems({ fileName: file.name, issues: err.issues });
      else setError(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = ''; // choosing the same file again after fixing it must fire
    }
  }

  return (
    <div className="rubric-import">
      <label className="file-button">
        {busy ? t('import.busy') : t('import.button')}
        <input
          ref={input}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          disabled={busy}
          data-testid="rubric-import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
          }}
        />
      </label>
      <span className="muted small">{t('import.hint')}</span>
      <ErrorText error={error} />
      {problems && (
        <div className="error-text" role="alert" data-testid="rubric-import-problems">
          <strong>{t('import.notImported', { file: problems.fileName })}</strong>
          <ul>
            {problems.issues.map((i) => (
              <li key={i.path + i.message}>
                {i.path && <code>{i.path}</code>} {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
