import { useTranslation } from 'react-i18next';
import { BUILTIN_LISTEN_FOR } from '../../../../domain/rubric/spoken';
import type { DeductionDraft, StepDraft, TextLanguage } from './draft';
import { newKey } from './draft';
import { Field, FieldIssues } from './fields';
import { inputId, type PlacedIssue } from './issues';

interface Props {
  step: StepDraft;
  index: number;
  count: number;
  issues: readonly PlacedIssue[];
  /** Which text the title, criteria and deduction reasons show; ids, points and scores are shared. */
  language: TextLanguage;
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
  'zh',
];

/** The step depends on what is said or heard, so its Chinese text says what to listen for too. */
const isSpokenStep = (step: StepDraft) =>
  !!step.listenFor?.trim() || BUILTIN_LISTEN_FOR[step.id.trim()] !== undefined || step.zh.listenFor.trim() !== '';

export function StepEditor({ step, index, count, issues, language, onChange, onMove, onDuplicate, onDelete }: Props) {
  const { t } = useTranslation('rubrics');
  const zh = language === 'zh-CN';
  const k = (field: string) => `steps.${index}.${field}`;
  const mine = issues.filter((i) => i.key === `steps.${index}` || i.key.startsWith(`steps.${index}.`));
  const other = mine.filter((i) => !SHOWN.includes(i.key.split('.')[2] ?? ''));
  const n = index + 1;
  const english = (text: string) => (zh && text.trim() ? t('texts.englishIs', { text }) : undefined);
  const shownTitle = zh ? step.zh.title : step.title;
  return (
    <li
      className={`step-card${mine.length ? ' invalid' : ''}`}
      data-testid={`step-${n}`}
      id={inputId(`steps.${index}`)}
      tabIndex={-1}
    >
      <header className="step-head">
        <span className="step-number">{t('step.number', { n })}</span>
        {step.critical && <span className="badge critical">{t('step.critical')}</span>}
        <span className="step-head-title">{shownTitle || <em className="muted">{t('step.untitled')}</em>}</span>
        <div className="step-actions">
          <button
            type="button"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={t('step.moveUpLabel', { n })}
            title={t('step.moveUp')}
          >
            ↑
          </button>
          <button
            type="button"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={t('step.moveDownLabel', { n })}
            title={t('step.moveDown')}
          >
            ↓
          </button>
          <button type="button" onClick={onDuplicate} aria-label={t('step.duplicateLabel', { n })}>
            {t('step.duplicate')}
          </button>
          <button type="button" className="danger" onClick={onDelete} aria-label={t('step.deleteLabel', { n })}>
            {t('step.delete')}
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
      <FieldIssues issues={issues} k={k('zh')} />
      <div className="step-grid">
        <Field
          label={t('step.id')}
          ariaLabel={t('step.idLabel', { n })}
          k={k('id')}
          issues={issues}
          value={step.id}
          onChange={(id) => onChange({ id })}
        />
        {zh ? (
          <Field
            label={t('step.title')}
            ariaLabel={t('step.titleLabel', { n })}
            k={k('zh.title')}
            issues={issues}
            value={step.zh.title}
            onChange={(title) => onChange({ zh: { ...step.zh, title } })}
            hint={english(step.title)}
          />
        ) : (
          <Field
            label={t('step.title')}
            ariaLabel={t('step.titleLabel', { n })}
            k={k('title')}
            issues={issues}
            value={step.title}
            onChange={(title) => onChange({ title })}
          />
        )}
        <Field
          label={t('step.maxPoints')}
          ariaLabel={t('step.maxPointsLabel', { n })}
          k={k('max_points')}
          issues={issues}
          value={step.maxPoints}
          onChange={(maxPoints) => onChange({ maxPoints })}
          className="narrow"
        />
        <Field
          label={t('step.allowedScores')}
          ariaLabel={t('step.allowedScoresLabel', { n })}
          k={k('allowed_scores')}
          issues={issues}
          value={step.allowedScores}
          onChange={(allowedScores) => onChange({ allowedScores })}
          hint={t('step.allowedScoresHint')}
        />
        <div className={`field check-field${issues.some((i) => i.key === k('critical')) ? ' invalid' : ''}`}>
          <label className="check">
            <input
              id={inputId(k('critical'))}
              aria-label={t('step.criticalLabel', { n })}
              type="checkbox"
              checked={step.critical}
              onChange={(e) => onChange({ critical: e.target.checked })}
            />
            {t('step.criticalField')}
          </label>
          <FieldIssues issues={issues} k={k('critical')} />
        </div>
      </div>
      {zh ? (
        <Field
          label={t('step.criteria')}
          ariaLabel={t('step.criteriaLabel', { n })}
          k={k('zh.criteria')}
          issues={issues}
          value={step.zh.criteria}
          onChange={(criteria) => onChange({ zh: { ...step.zh, criteria } })}
          multiline
          hint={english(step.criteria)}
        />
      ) : (
        <Field
          label={t('step.criteria')}
          ariaLabel={t('step.criteriaLabel', { n })}
          k={k('criteria')}
          issues={issues}
          value={step.criteria}
          onChange={(criteria) => onChange({ criteria })}
          multiline
          placeholder={t('step.criteriaPlaceholder')}
        />
      )}
      {zh && isSpokenStep(step) && (
        <Field
          label={t('step.listenFor')}
          ariaLabel={t('step.listenForLabel', { n })}
          k={k('zh.listen_for')}
          issues={issues}
          value={step.zh.listenFor}
          onChange={(listenFor) => onChange({ zh: { ...step.zh, listenFor } })}
          hint={english(step.listenFor ?? BUILTIN_LISTEN_FOR[step.id.trim()] ?? '')}
        />
      )}
      <Deductions
        index={index}
        items={step.deductions}
        issues={issues}
        zh={zh}
        onChange={(deductions) => onChange({ deductions })}
      />
      {step.categoryMap && (
        <div className="field">
          <span className="field-hint">
            {t('step.categoryMap', {
              map: Object.entries(step.categoryMap)
                .map(([score, category]) => `${score}→${category}`)
                .join(', '),
            })}{' '}
            <button type="button" className="link" onClick={() => onChange({ categoryMap: undefined })}>
              {t('step.useDefaultMapping')}
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
  zh,
  onChange,
}: {
  index: number;
  items: DeductionDraft[];
  issues: readonly PlacedIssue[];
  zh: boolean;
  onChange(items: DeductionDraft[]): void;
}) {
  const { t } = useTranslation('rubrics');
  const base = `steps.${index}.typical_deductions`;
  const step = index + 1;
  const set = (j: number, patch: Partial<DeductionDraft>) =>
    onChange(items.map((d, i) => (i === j ? { ...d, ...patch } : d)));
  return (
    <fieldset className="deductions" id={inputId(base)} tabIndex={-1}>
      <legend>{t('step.deductions')}</legend>
      <FieldIssues issues={issues} k={base} />
      {zh && <FieldIssues issues={issues} k={`steps.${index}.zh.typical_deductions`} />}
      {items.length === 0 && <p className="muted small">{t('step.noDeductions')}</p>}
      {items.map((d, j) => (
        <div className="deduction-row" key={d.key}>
          <Field
            label={t('step.points')}
            hideLabel={j > 0}
            ariaLabel={t('step.pointsLabel', { step, n: j + 1 })}
            k={`${base}.${j}.points`}
            issues={issues}
            value={d.points}
            onChange={(points) => set(j, { points })}
            className="narrow"
          />
          {zh ? (
            <Field
              label={t('step.reason')}
              hideLabel={j > 0}
              ariaLabel={t('step.reasonLabel', { step, n: j + 1 })}
              k={`${base}.${j}.reason_zh`}
              issues={issues}
              value={d.reasonZh}
              onChange={(reasonZh) => set(j, { reasonZh })}
              className="grow"
              hint={d.reason.trim() ? t('texts.englishIs', { text: d.reason }) : undefined}
            />
          ) : (
            <Field
              label={t('step.reason')}
              hideLabel={j > 0}
              ariaLabel={t('step.reasonLabel', { step, n: j + 1 })}
              k={`${base}.${j}.reason`}
              issues={issues}
              value={d.reason}
              onChange={(reason) => set(j, { reason })}
              className="grow"
            />
          )}
          <FieldIssues issues={issues} k={`${base}.${j}`} />
          <button
            type="button"
            onClick={() => onChange(items.filter((_, i) => i !== j))}
            aria-label={t('step.removeLabel', { step, n: j + 1 })}
          >
            {t('step.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...items, { key: newKey(), points: '1', reason: '', reasonZh: '' }])}
      >
        {t('step.addDeduction')}
      </button>
    </fieldset>
  );
}
