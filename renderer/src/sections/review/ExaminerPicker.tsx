import { useEffect, useState, type FormEvent } from 'react';
import type { Examiner } from '../../../../contract/review';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useReview } from '../../store/review-store';

/** Who is marking: picked at the start, so every mark and audit event names the examiner who made it. */
export function ExaminerPicker() {
  const setExaminer = useReview((s) => s.setExaminer);
  const [examiners, setExaminers] = useState<Examiner[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    callApi('listExaminers').then(setExaminers).catch(setError);
  }, []);

  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      setExaminer(await callApi('addExaminer', { name }));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card examiner-picker" data-testid="examiner-picker">
      <h2>Who is marking?</h2>
      <p className="muted">
        Your marks are recorded under your name. Each examiner sees only their own marks until two have submitted.
      </p>
      {examiners?.length ? (
        <div className="examiner-list">
          {examiners.map((x) => (
            <button key={x.id} type="button" onClick={() => setExaminer(x)}>
              {x.name}
            </button>
          ))}
        </div>
      ) : null}
      <form className="inline-form" onSubmit={add}>
        <label>
          Examiner name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Dr A. Adams"
            maxLength={120}
          />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Start marking
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}
