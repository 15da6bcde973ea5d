import type { DeductionDraft, StepDraft } from './draft';
import { newKey } from './draft';
import { Field, FieldIssues } from './fields';
import { inputId, type PlacedIssue } from './issues';

interface Props {
  step: StepDraft;
  index: number;
  count: number;
  issues: readonly PlacedIssue[];
  onChange(patch: Partial<StepDraft>): void;
  onMove(delta: -1 | 1): void;
  onDuplicate(): void;
  onDelete(): void;
}

/** Fields this editor shows; a problem on any other part of the step is shown at the step's top. */
const SHOWN = [
  'id',
  'title',
  'criteria',
  'max_points',
  'allowed_scores',
  'typical_deductions',
  'critical',
  'category_map',
];

export function StepEditor({ step, index, count, issues, onChange, onMove, onDuplicate, onDelete }: Props) {
  const k = (field: string) => `steps.${index}.${field}`;
  const mine = issues.filter((i) => i.key === `steps.${index}` || i.key.startsWith(`steps.${index}.`));
  const other = mine.filter((i) => !SHOWN.includes(i.key.split('.')[2] ?? ''));
  const n = index + 1;
  return (
    <li
      className={`step-card${mine.length ? ' invalid' : ''}`}
      data-testid={`step-${n}`}
      id={inputId(`steps.${index}`)}
      tabIndex={-1}
    >
      <header className="step-head">
        <span className="step-number">Step {n}</span>
        {step.critical && <span className="badge critical">critical</span>}
        <span className="step-head-title">{step.title || <em className="muted">untitled</em>}</span>
        <div className="step-actions">
          <button
            type="button"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={`Move step ${n} up`}
            title="Move up"
          >
            ↑
          </button>
          <button
            type="button"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move step ${n} down`}
            title="Move down"
          >
            ↓
          </button>
          <button type="button" onClick={onDuplicate} aria-label={`Duplicate step ${n}`}>
            Duplicate
          </button>
          <button type="button" className="danger" onClick={onDelete} aria-label={`Delete step ${n}`}>
            Delete
          </button>
        </div>
      </header>
      {other.length > 0 && (
        <ul className="field-issues">
          {other.map((i) => (
            <li key={i.path + i.message}>{i.short}</li>
          ))}
        </ul>
      )}
      <div className="step-grid">
        <Field
          label="Step id"
          ariaLabel={`Step ${n} id`}
          k={k('id')}
          issues={issues}
          value={step.id}
          onChange={(id) => onChange({ id })}
        />
        <Field
          label="Title"
          ariaLabel={`Step ${n} title`}
          k={k('title')}
          issues={issues}
          value={step.title}
          onChange={(title) => onChange({ title })}
        />
        <Field
          label="Max points"
          ariaLabel={`Step ${n} max points`}
          k={k('max_points')}
          issues={issues}
          value={step.maxPoints}
          onChange={(maxPoints) => onChange({ maxPoints })}
          className="narrow"
        />
        <Field
          label="Allowed scores"
          ariaLabel={`Step ${n} allowed scores`}
          k={k('allowed_scores')}
          issues={issues}
          value={step.allowedScores}
          onChange={(allowedScores) => onChange({ allowedScores })}
          hint="comma list from 0 to the max"
        />
        <div className={`field check-field${issues.some((i) => i.key === k('critical')) ? ' invalid' : ''}`}>
          <label className="check">
            <input
              id={inputId(k('critical'))}
              aria-label={`Step ${n} critical`}
              type="checkbox"
              checked={step.critical}
              onChange={(e) => onChange({ critical: e.target.checked })}
            />
            Critical (failing it fails the station)
          </label>
          <FieldIssues issues={issues} k={k('critical')} />
        </div>
      </div>
      <Field
        label="Criteria"
        ariaLabel={`Step ${n} criteria`}
        k={k('criteria')}
        issues={issues}
        value={step.criteria}
        onChange={(criteria) => onChange({ criteria })}
        multiline
        placeholder="What correct execution requires, with the guideline numbers examiners check"
      />
      <Deductions
        index={index}
        items={step.deductions}
        issues={issues}
        onChange={(deductions) => onChange({ deductions })}
      />
      {step.categoryMap && (
        <div className="field">
          <span className="field-hint">
            Ordinal categories set by this rubric:{' '}
            {Object.entries(step.categoryMap)
              .map(([score, category]) => `${score}→${category}`)
              .join(', ')}{' '}
            <button type="button" className="link" onClick={() => onChange({ categoryMap: undefined })}>
              use the default mapping
            </button>
          </span>
          <FieldIssues issues={issues} k={k('category_map')} />
        </div>
      )}
    </li>
  );
}

function Deductions({
  index,
  items,
  issues,
  onChange,
}: {
  index: number;
  items: DeductionDraft[];
  issues: readonly PlacedIssue[];
  onChange(items: DeductionDraft[]): void;
}) {
  const base = `steps.${index}.typical_deductions`;
  const set = (j: number, patch: Partial<DeductionDraft>) =>
    onChange(items.map((d, i) => (i === j ? { ...d, ...patch } : d)));
  return (
    <fieldset className="deductions" id={inputId(base)} tabIndex={-1}>
      <legend>Typical deductions</legend>
      <FieldIssues issues={issues} k={base} />
      {items.length === 0 && <p className="muted small">None listed.</p>}
      {items.map((d, j) => (
        <div className="deduction-row" key={d.key}>
          <Field
            label="Points"
            hideLabel={j > 0}
            ariaLabel={`Step ${index + 1} deduction ${j + 1} points`}
            k={`${base}.${j}.points`}
            issues={issues}
            value={d.points}
            onChange={(points) => set(j, { points })}
            className="narrow"
          />
          <Field
            label="Reason"
            hideLabel={j > 0}
            ariaLabel={`Step ${index + 1} deduction ${j + 1} reason`}
            k={`${base}.${j}.reason`}
            issues={issues}
            value={d.reason}
            onChange={(reason) => set(j, { reason })}
            className="grow"
          />
          <FieldIssues issues={issues} k={`${base}.${j}`} />
          <button
            type="button"
            onClick={() => onChange(items.filter((_, i) => i !== j))}
            aria-label={`Remove deduction ${j + 1} of step ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, { key: newKey(), points: '1', reason: '' }])}>
        Add deduction
      </button>
    </fieldset>
  );
}
