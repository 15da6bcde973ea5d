import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseScoreList, totalPoints, type RubricDraft, type TextLanguage } from './draft';

/**
 * The rubric as an examiner will see it while marking: each step with its criteria and one button
 * per allowed score, in the text chosen (English or Chinese). Clicking scores here only tries the
 * sheet out; nothing is stored.
 */
export function RubricPreview({ draft, language }: { draft: RubricDraft; language: TextLanguage }) {
  const { t } = useTranslation('rubrics');
  const [picked, setPicked] = useState<Record<string, number>>({});
  const zh = language === 'zh-CN' && draft.zh !== null;
  const scored = draft.steps.filter((s) => picked[s.key] !== undefined);
  const total = scored.reduce((sum, s) => sum + (picked[s.key] ?? 0), 0);
  const failedCritical = draft.steps.filter(
    (s) => s.critical && picked[s.key] !== undefined && picked[s.key] !== Number(s.maxPoints),
  );
  const title = zh ? draft.zh!.title : draft.title;
  const station = zh ? draft.zh!.station : draft.station;

  return (
    <section
      className="preview"
      data-testid="rubric-preview"
      aria-label={t('preview.label')}
      lang={zh ? 'zh-CN' : 'en'}
    >
      <header className="preview-head">
        <div>
          <h2>{title || t('editor.untitled')}</h2>
          <p className="muted">
            {t('preview.facts', { station: station || '—', steps: draft.steps.length, points: totalPoints(draft) })}
          </p>
        </div>
        <div className="preview-total" aria-live="polite">
          <span className="muted small">{t('preview.triedOut')}</span>
          <strong>
            {total} / {totalPoints(draft)}
          </strong>
          {failedCritical.length > 0 && <span className="badge critical">{t('preview.failsCritical')}</span>}
        </div>
      </header>
      <ol className="checklist">
        {draft.steps.map((s, i) => {
          const scores = parseScoreList(s.allowedScores).filter((x): x is number => typeof x === 'number');
          const stepTitle = zh ? s.zh.title : s.title;
          return (
            <li key={s.key} className="checklist-step" data-testid={`preview-step-${i + 1}`}>
              <div className="checklist-title">
                <span className="step-number">{i + 1}</span>
                <strong>{stepTitle || t('preview.untitledStep')}</strong>
                {s.critical && <span className="badge critical">{t('preview.critical')}</span>}
                <span className="muted small">{t('preview.max', { points: s.maxPoints })}</span>
              </div>
              <p className="checklist-criteria">{zh ? s.zh.criteria : s.criteria}</p>
              <div className="score-buttons" role="group" aria-label={t('preview.scoreFor', { n: i + 1 })}>
                {scores.map((score) => (
                  <button
                    key={score}
                    type="button"
                    className={picked[s.key] === score ? 'score selected' : 'score'}
                    aria-pressed={picked[s.key] === score}
                    onClick={() => setPicked((p) => ({ ...p, [s.key]: score }))}
                  >
                    {score}
                  </button>
                ))}
              </div>
              {s.deductions.length > 0 && (
                <ul className="checklist-deductions">
                  {s.deductions.map((d) => (
                    <li key={d.key}>
                      {t('preview.deduction', { points: d.points, reason: zh ? d.reasonZh : d.reason })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
