import { useState } from 'react';
import { parseScoreList, totalPoints, type RubricDraft } from './draft';

/**
 * The rubric as an examiner will see it while marking: each step with its criteria and one button
 * per allowed score. Clicking scores here only tries the sheet out; nothing is stored.
 */
export function RubricPreview({ draft }: { draft: RubricDraft }) {
  const [picked, setPicked] = useState<Record<string, number>>({});
  const scored = draft.steps.filter((s) => picked[s.key] !== undefined);
  const total = scored.reduce((sum, s) => sum + (picked[s.key] ?? 0), 0);
  const failedCritical = draft.steps.filter(
    (s) => s.critical && picked[s.key] !== undefined && picked[s.key] !== Number(s.maxPoints),
  );

  return (
    <section className="preview" data-testid="rubric-preview" aria-label="Examiner checklist preview">
      <header className="preview-head">
        <div>
          <h2>{draft.title || 'Untitled rubric'}</h2>
          <p className="muted">
            Station: {draft.station || '—'} · {draft.steps.length} steps · {totalPoints(draft)} points
          </p>
        </div>
        <div className="preview-total" aria-live="polite">
          <span className="muted small">Tried out</span>
          <strong>
            {total} / {totalPoints(draft)}
          </strong>
          {failedCritical.length > 0 && <span className="badge critical">fails: critical step below maximum</span>}
        </div>
      </header>
      <ol className="checklist">
        {draft.steps.map((s, i) => {
          const scores = parseScoreList(s.allowedScores).filter((x): x is number => typeof x === 'number');
          return (
            <li key={s.key} className="checklist-step">
              <div className="checklist-title">
                <span className="step-number">{i + 1}</span>
                <strong>{s.title || 'Untitled step'}</strong>
                {s.critical && <span className="badge critical">critical</span>}
                <span className="muted small">max {s.maxPoints}</span>
              </div>
              <p className="checklist-criteria">{s.criteria}</p>
              <div className="score-buttons" role="group" aria-label={`Score for step ${i + 1}`}>
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
                      −{d.points} {d.reason}
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
