import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discrepancy, ReviewStep, ReviewView } from '../../../../contract/review';
import { useReview } from '../../store/review-store';
import { points } from './format';

/**
 * After submission: who else is marking; once two examiners have submitted, the steps where they
 * differ, adjudication of each with a reason, the final total and any failed critical step. An
 * examiner who has not marked sees the others' marks only after choosing to adjudicate instead.
 */
export function DoubleMarkingPanel({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const { open, adjudicating } = useReview();
  const d = view.double;
  const mine = view.marking.status;
  // Nothing to say until someone else marks or this examiner submits.
  if (mine !== 'submitted' && d.others.length === 0) return null;
  const mayChooseToAdjudicate = mine === 'not_started' && d.submittedCount >= 2 && !adjudicating;

  return (
    <section className="double card" data-testid="double-marking">
      <h2>{t('double.title')}</h2>
      {d.others.length ? (
        <ul className="others">
          {d.others.map((o) => (
            <li key={o.id}>
              {o.status === 'submitted'
                ? t('double.otherSubmitted', { name: o.name })
                : t('double.otherInProgress', { name: o.name })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('double.noOthers')}</p>
      )}
      {!d.othersVisible ? (
        <p className="muted" data-testid="others-hidden">
          {mine !== 'submitted' ? t('double.hiddenUntilYours') : t('double.hiddenUntilSecond')}
        </p>
      ) : (
        <Discrepancies view={view} />
      )}
      {mayChooseToAdjudicate ? (
        <p>
          <button
            type="button"
            data-testid="adjudicate-instead"
            onClick={() => void open(view.recording.id, { adjudicating: true })}
          >
            {t('double.adjudicateInstead')}
          </button>{' '}
          <span className="muted">{t('double.adjudicateInsteadHint')}</span>
        </p>
      ) : null}
      {d.finals ? <FinalsSummary view={view} /> : null}
    </section>
  );
}

function Discrepancies({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const list = view.double.discrepancies ?? [];
  const steps = new Map(view.rubric.steps.map((s, i) => [s.id, { step: s, index: i }]));
  if (list.length === 0) return <p data-testid="no-discrepancies">{t('double.agreeEverywhere')}</p>;
  // The service refuses an examiner who marked this recording; the controls are not offered either.
  const barrier = view.double.adjudicationBarrier;
  return (
    <div className="discrepancies" data-testid="discrepancies">
      <h3>{t('double.differ', { count: list.length })}</h3>
      {barrier ? (
        <p className="muted" data-testid="adjudication-barrier">
          {barrier}
        </p>
      ) : null}
      <ol>
        {list.map((d) => {
          const s = steps.get(d.stepId)!;
          return <DiscrepancyRow key={d.stepId} d={d} step={s.step} index={s.index} canAdjudicate={!barrier} />;
        })}
      </ol>
    </div>
  );
}

function Adjudicated({ d, step }: { d: Discrepancy; step: ReviewStep }) {
  const { t } = useTranslation('review');
  const a = d.adjudication!;
  return (
    <>
      {t('double.adjudicated', { score: points(a.finalScore), max: points(step.maxPoints), reason: a.reason })}
      {a.adjudicatorName ? ` (${a.adjudicatorName})` : ''}
    </>
  );
}

function DiscrepancyRow({
  d,
  step,
  index,
  canAdjudicate,
}: {
  d: Discrepancy;
  step: ReviewStep;
  index: number;
  canAdjudicate: boolean;
}) {
  const { t } = useTranslation('review');
  const adjudicate = useReview((s) => s.adjudicate);
  const [score, setScore] = useState<number | null>(d.adjudication?.finalScore ?? null);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(!d.adjudication);
  const save = async () => {
    if (score === null || !reason.trim()) return;
    if (await adjudicate(step.id, score, reason.trim())) {
      setEditing(false);
      setReason('');
    }
  };
  return (
    <li className="discrepancy" data-testid={`discrepancy-${step.id}`}>
      <div className="discrepancy-head">
        <strong>
          {index + 1}. {step.title}
        </strong>
        {step.critical ? <span className="badge critical">{t('step.critical')}</span> : null}
        <span className="marks">
          {d.marks.map((m) => (
            <span key={m.examinerId}>
              {m.examinerName}: {m.score === null ? t('step.notAssessable') : points(m.score)}
            </span>
          ))}
        </span>
      </div>
      {!canAdjudicate ? (
        d.adjudication ? (
          <p className="adjudicated" data-testid={`adjudicated-${step.id}`}>
            <Adjudicated d={d} step={step} />
          </p>
        ) : null
      ) : d.adjudication && !editing ? (
        <p className="adjudicated" data-testid={`adjudicated-${step.id}`}>
          <Adjudicated d={d} step={step} />{' '}
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('double.change')}
          </button>
        </p>
      ) : (
        <form
          className="adjudicate-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div role="group" aria-label={t('double.finalScoreFor', { step: step.title })} className="score-buttons">
            {step.allowedScores.map((s) => (
              <button
                key={s}
                type="button"
                className={score === s ? 'score selected' : 'score'}
                aria-pressed={score === s}
                onClick={() => setScore(s)}
              >
                {points(s)}
              </button>
            ))}
          </div>
          <input
            id={`adjudicate-${step.id}`}
            aria-label={t('double.reasonFor', { step: step.title })}
            placeholder={t('double.reasonPlaceholder')}
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              // Digits pick the final score while typing is not yet started, so the form works without a mouse.
              const digit = /^[0-9]$/.test(e.key) && reason === '' ? Number(e.key) : null;
              if (digit !== null && step.allowedScores.includes(digit)) {
                e.preventDefault();
                setScore(digit);
              }
            }}
          />
          <button type="submit" className="primary" disabled={score === null || !reason.trim()}>
            {t('double.setFinal')}
          </button>
        </form>
      )}
    </li>
  );
}

function FinalsSummary({ view }: { view: ReviewView }) {
  const { t } = useTranslation('review');
  const f = view.double.finals!;
  return (
    <div className="finals" data-testid="finals">
      <div>
        {t('double.status')} <strong>{t(`status.${f.status}`)}</strong>
      </div>
      <div data-testid="final-total">
        {f.total === null ? (
          t('double.finalTotalAwaiting')
        ) : (
          <>
            {t('double.finalTotal')} <strong>{points(f.total)}</strong> / {points(f.maxTotal)}
          </>
        )}
      </div>
      {f.failedCritical.length ? (
        <div className="failed-critical" role="alert" data-testid="failed-critical">
          {t('double.failedCritical', {
            count: f.failedCritical.length,
            steps: f.failedCritical.map((c) => `${c.title} (${points(c.score)})`).join(', '),
          })}
        </div>
      ) : f.complete ? (
        <div className="muted">{t('double.noCriticalFailed')}</div>
      ) : null}
    </div>
  );
}
