import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { inputId, keyLabel, type IssueWords, type PlacedIssue } from './issues';

/** The words of the issue labels in the page's language. */
export function useIssueWords(): IssueWords {
  const { t } = useTranslation('rubrics');
  return {
    field: (name) => t(`issues.fields.${name}`),
    step: (n) => t('issues.step', { n }),
    deduction: (n) => t('issues.deduction', { n }),
    chinese: t('issues.chinese'),
  };
}

/** Focuses the field that shows `key`, or the nearest enclosing one (a list or a whole step). */
export function focusField(key: string): void {
  let el: HTMLElement | null = null;
  for (let k = key; k && !el; k = k.split('.').slice(0, -1).join('.')) el = document.getElementById(inputId(k));
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}

/**
 * Every problem of the last save attempt, each a link to the field that shows it. `onReveal` makes
 * the field visible first (a problem of the Chinese text while the English text is shown).
 */
export function IssueSummary({
  issues,
  focusOn,
  onReveal,
}: {
  issues: readonly PlacedIssue[];
  focusOn: number;
  onReveal(key: string): void;
}) {
  const { t } = useTranslation('rubrics');
  const words = useIssueWords();
  const box = useRef<HTMLDivElement>(null);
  // Each refused save moves focus here: the summary leads to every problem, wherever the user was.
  useEffect(() => box.current?.focus(), [focusOn]);
  if (issues.length === 0) return null;
  const focus = (key: string) => {
    onReveal(key);
    // After React has shown the text the field belongs to.
    setTimeout(() => focusField(key), 0);
  };
  return (
    <div ref={box} className="error-text issue-summary" role="alert" data-testid="rubric-issues" tabIndex={-1}>
      <strong>{t('issues.summary', { count: issues.length })}</strong>
      <ul>
        {issues.map((i) => (
          <li key={i.path + i.message}>
            <button type="button" className="link" onClick={() => focus(i.key)}>
              {keyLabel(i.key, words)}
            </button>
            : {i.short}
          </li>
        ))}
      </ul>
    </div>
  );
}
