import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Examiner } from '../../../../contract/review';
import { callApi } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useReview } from '../../store/review-store';

/** Who is marking: picked at the start, so every mark and audit event names the examiner who made it. */
export function ExaminerPicker() {
  const { t } = useTranslation('review');
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
      <h2>{t('picker.title')}</h2>
      <p className="muted">{t('picker.intro')}</p>
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
          {t('picker.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('picker.namePlaceholder')}
            maxLength={120}
          />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          {t('picker.start')}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}
