import { useState } from 'react';
import type { Discrepancy, ReviewStep, ReviewView } from '../../../../contract/review';
import { useReview } from '../../store/review-store';
import { points, STATUS_LABELS } from './format';

/**
 * After submission: who else is marking; once two examiners have submitted, the steps where they
 * differ, adjudication of each with a reason, the final total and any failed critical step.
 */
export function DoubleMarkingPanel({ view }: { view: ReviewView }) {
  const d = view.double;
  const mine = view.marking.status;
  // Nothing to say until someone else marks or this examiner submits.
  if (mine !== 'submitted' && d.others.length === 0) return null;

  return (
    <section className="double card" data-testid="double-marking">
      <h2>Double marking</h2>
      {d.others.length ? (
        <ul className="others">
          {d.others.map((o) => (
            <li key={o.id}>
              {o.name}: {o.status === 'submitted' ? 'submitted' : 'marking in progress'}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No other examiner has marked this recording.</p>
      )}
      {!d.othersVisible ? (
        <p className="muted" data-testid="others-hidden">
          {mine !== 'submitted'
            ? 'Other examiners’ marks stay hidden until you have submitted yours.'
            : 'Other examiners’ marks are shown once a second examiner has submitted.'}
        </p>
      ) : (
        <Discrepancies view={view} />
      )}
      {d.finals ? <FinalsSummary view={view} /> : null}
    </section>
  );
}

function Discrepancies({ view }: { view: ReviewView }) {
  const list = view.double.discrepancies ?? [];
  const steps = new Map(view.rubric.steps.map((s, i) => [s.id, { step: s, index: i }]));
  if (list.length === 0) return <p data-testid="no-discrepancies">The examiners agree on every step.</p>;
  // The service refuses an examiner who marked this recording; the controls are not offered either.
  const barrier = view.double.adjudicationBarrier;
  return (
    <div className="discrepancies" data-testid="discrepancies">
      <h3>
        {list.length} step{list.length === 1 ? '' : 's'} where the examiners differ
      </h3>
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
        {step.critical ? <span className="badge critical">critical</span> : null}
        <span className="marks">
          {d.marks.map((m) => (
            <span key={m.examinerId}>
              {m.examinerName}: {m.score === null ? 'not assessable' : points(m.score)}
            </span>
          ))}
        </span>
      </div>
      {!canAdjudicate ? (
        d.adjudication ? (
          <p className="adjudicated" data-testid={`adjudicated-${step.id}`}>
            Final {points(d.adjudication.finalScore)} / {points(step.maxPoints)} — {d.adjudication.reason}
            {d.adjudication.adjudicatorName ? ` (${d.adjudication.adjudicatorName})` : ''}
          </p>
        ) : null
      ) : d.adjudication && !editing ? (
        <p className="adjudicated" data-testid={`adjudicated-${step.id}`}>
          Final {points(d.adjudication.finalScore)} / {points(step.maxPoints)} — {d.adjudication.reason}
          {d.adjudication.adjudicatorName ? ` (${d.adjudication.adjudicatorName})` : ''}{' '}
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Change
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
          <div role="group" aria-label={`Final score for ${step.title}`} className="score-buttons">
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
            aria-label={`Adjudication reason for ${step.title}`}
            placeholder="Reason (required)"
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
            Set final score
          </button>
        </form>
      )}
    </li>
  );
}

function FinalsSummary({ view }: { view: ReviewView }) {
  const f = view.double.finals!;
  return (
    <div className="finals" data-testid="finals">
      <div>
        Status: <strong>{STATUS_LABELS[f.status] ?? f.status}</strong>
      </div>
      <div data-testid="final-total">
        {f.total === null ? (
          <>Final total: awaiting adjudication</>
        ) : (
          <>
            Final total: <strong>{points(f.total)}</strong> / {points(f.maxTotal)}
          </>
        )}
      </div>
      {f.failedCritical.length ? (
        <div className="failed-critical" role="alert" data-testid="failed-critical">
          Failed critical step{f.failedCritical.length === 1 ? '' : 's'}:{' '}
          {f.failedCritical.map((c) => `${c.title} (${points(c.score)})`).join(', ')} — the station is failed whatever
          the total.
        </div>
      ) : f.complete ? (
        <div className="muted">No critical step failed.</div>
      ) : null}
    </div>
  );
}
