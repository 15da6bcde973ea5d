import { useEffect, useState } from 'react';
import type { FeedbackCandidate } from '../../../../contract/reports';
import { callApi, newOperationId } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { offerDownload } from './figures';

/** One student's feedback as a self-contained HTML file, ready to hand over or print to PDF. */
export function FeedbackCard() {
  const [candidates, setCandidates] = useState<FeedbackCandidate[] | null>(null);
  const [candidate, setCandidate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    callApi('listFeedbackCandidates')
      .then((list) => {
        setCandidates(list);
        setCandidate((c) => c || list[0]?.code || '');
      })
      .catch(setError);
  }, []);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      offerDownload(await callApi('exportFeedback', newOperationId(), { candidate }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="feedback">
      <h2>Trainee feedback</h2>
      <p className="muted">
        For one candidate only: the steps with deductions, the examiners' comments, when in the recording it happened
        (with a picture when the video is on this computer) and what correct execution requires. Model suggestions are
        never included.
      </p>
      {candidates && candidates.length === 0 ? (
        <p className="muted">No candidates with recordings yet.</p>
      ) : (
        <div className="inline-form">
          <label>
            Candidate
            <select value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={!candidates}>
              {(candidates ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} ({c.recordings} recording{c.recordings === 1 ? '' : 's'})
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void download()} disabled={!candidate || busy}>
            {busy ? 'Preparing…' : 'Download feedback (HTML)'}
          </button>
        </div>
      )}
      <p className="muted small">
        For a PDF, open the file and print it, or run <code>osce feedback --candidate CODE --out FILE.pdf</code>.
      </p>
      <ErrorText error={error} />
    </section>
  );
}
