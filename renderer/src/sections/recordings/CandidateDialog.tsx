import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewListItem } from '../../../../contract/review';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';
import { useCandidateProblem } from './candidate-words';

/**
 * The candidate of one recording or of several selected ones. The code is checked here with the
 * same name rule the backend applies (domain/names.ts), and every change is audited there.
 */
export function CandidateDialog({
  recordings,
  onClose,
  onSaved,
}: {
  recordings: ReviewListItem[];
  onClose(): void;
  onSaved(message: string): void;
}) {
  const { t } = useTranslation('recordings');
  const codes = [...new Set(recordings.map((r) => r.candidateCode).filter((c): c is string => c !== null))].sort();
  const [code, setCode] = useState(codes.length === 1 ? codes[0]! : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const problem = useCandidateProblem(code);
  const title =
    recordings.length === 1
      ? t('candidate.titleOne', { name: recordings[0]!.fileName })
      : t('candidate.titleMany', { count: recordings.length });

  async function save(candidate: string | null) {
    setBusy(true);
    setError(null);
    try {
      const result = await callApi('setRecordingCandidate', {
        recordingIds: recordings.map((r) => r.id),
        candidate,
      });
      onSaved(result.changed > 0 ? t('candidate.saved', { count: result.changed }) : t('candidate.nothingChanged'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!problem) void save(code.trim());
  }

  return (
    <Modal title={title} onClose={busy ? undefined : onClose} testId="candidate-dialog">
      <form onSubmit={submit} className="candidate-form">
        <p className="muted">
          {codes.length ? t('candidate.current', { codes: codes.join(', ') }) : t('candidate.currentNone')}
        </p>
        <label className={touched && problem ? 'field invalid' : 'field'}>
          <span>{t('candidate.code')}</span>
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder={t('candidate.placeholder')}
            aria-invalid={touched && problem ? true : undefined}
            aria-describedby="candidate-problem"
            autoFocus
          />
        </label>
        <p id="candidate-problem" className="field-problem" role={touched && problem ? 'alert' : undefined}>
          {touched && problem ? problem : ''}
        </p>
        <p className="muted small">{t('candidate.audited')}</p>
        <ErrorText error={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('candidate.save')}
          </button>
          {codes.length > 0 && (
            <button type="button" onClick={() => void save(null)} disabled={busy}>
              {t('candidate.remove')}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
