import { useEffect, useState } from 'react';
import type { ExportedFile, FeedbackCandidate } from '../../../../contract/reports';
import { callApi, newOperationId } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useApp } from '../../store/app-store';
import { offerDownload, type Writing } from './figures';

type Busy = 'candidate-html' | 'candidate-pdf' | 'session-html' | 'session-pdf' | null;
const B = {
  candidateHtml: 'candidate-html',
  candidatePdf: 'candidate-pdf',
  sessionHtml: 'session-html',
  sessionPdf: 'session-pdf',
} as const;

/**
 * Trainee feedback in the page's language: one candidate's, or a whole session's in one document
 * (each candidate on their own pages), as HTML or as a PDF saved where the examiner chooses.
 */
export function FeedbackCard({ w }: { w: Writing }) {
  const { t } = w;
  const [candidates, setCandidates] = useState<FeedbackCandidate[] | null>(null);
  const [candidate, setCandidate] = useState('');
  const sessions = useApp((s) => s.sessions);
  const [sessionId, setSessionId] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const session = sessionId ?? sessions[0]?.id;

  useEffect(() => {
    callApi('listFeedbackCandidates')
      .then((list) => {
        setCandidates(list);
        setCandidate((c) => c || list[0]?.code || '');
      })
      .catch(setError);
  }, []);

  const run = async (what: Exclude<Busy, null>, make: () => Promise<ExportedFile>, pdf: boolean) => {
    setBusy(what);
    setError(null);
    setSaved(null);
    try {
      const file = await make();
      if (!pdf) offerDownload(file);
      else {
        // The same HTML printed by the app's Chromium, saved through the host's save dialog.
        const result = await callApi('saveReportPdf', {
          html: file.content,
          fileName: file.fileName.replace(/\.html$/, '.pdf'),
        });
        if (result) setSaved(result.file);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const forCandidate = () => callApi('exportFeedback', newOperationId(), { candidate, locale: w.locale });
  const forSession = () =>
    callApi('exportSessionFeedback', newOperationId(), { sessionId: session!, locale: w.locale });
  const label = (which: Exclude<Busy, null>, text: string) => (busy === which ? t('feedback:card.preparing') : text);

  return (
    <section className="card" data-testid="feedback">
      <h2>{t('feedback:card.title')}</h2>
      <p className="muted">{t('feedback:card.intro')}</p>
      <div className="feedback-grid">
        <fieldset className="feedback-part" data-testid="feedback-candidate">
          <legend>{t('feedback:card.oneCandidate')}</legend>
          {candidates && candidates.length === 0 ? (
            <p className="muted">{t('feedback:card.noCandidates')}</p>
          ) : (
            <div className="inline-form">
              <label>
                {t('feedback:card.candidate')}
                <select value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={!candidates}>
                  {(candidates ?? []).map((c) => (
                    <option key={c.code} value={c.code}>
                      {t('feedback:card.candidateOption', { code: c.code, count: c.recordings })}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                onClick={() => void run(B.candidateHtml, forCandidate, false)}
                disabled={!candidate || busy !== null}
              >
                {label(B.candidateHtml, t('feedback:card.html'))}
              </button>
              <button
                type="button"
                onClick={() => void run(B.candidatePdf, forCandidate, true)}
                disabled={!candidate || busy !== null}
              >
                {label(B.candidatePdf, t('feedback:card.pdf'))}
              </button>
            </div>
          )}
        </fieldset>
        <fieldset className="feedback-part" data-testid="feedback-session">
          <legend>{t('feedback:card.wholeSession')}</legend>
          {sessions.length === 0 ? (
            <p className="muted">{t('feedback:card.noSessions')}</p>
          ) : (
            <>
              <div className="inline-form">
                <label>
                  {t('feedback:card.session')}
                  <select value={session ?? ''} onChange={(e) => setSessionId(Number(e.target.value))}>
                    {sessions.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  onClick={() => void run(B.sessionHtml, forSession, false)}
                  disabled={session === undefined || busy !== null}
                >
                  {label(B.sessionHtml, t('feedback:card.html'))}
                </button>
                <button
                  type="button"
                  onClick={() => void run(B.sessionPdf, forSession, true)}
                  disabled={session === undefined || busy !== null}
                >
                  {label(B.sessionPdf, t('feedback:card.pdf'))}
                </button>
              </div>
              <p className="muted small">{t('feedback:card.sessionHint')}</p>
            </>
          )}
        </fieldset>
      </div>
      {saved ? (
        <p className="muted small" role="status" data-testid="feedback-saved">
          {t('feedback:card.savedTo', { file: saved })}
        </p>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
