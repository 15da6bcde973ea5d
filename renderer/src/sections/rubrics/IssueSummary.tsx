import { useEffect, useRef } from 'react';
import { inputId, keyLabel, type PlacedIssue } from './issues';

/** Every problem of the last save attempt, each a link to the field that shows it. */
export function IssueSummary({ issues, focusOn }: { issues: readonly PlacedIssue[]; focusOn: number }) {
  const box = useRef<HTMLDivElement>(null);
  // Each refused save moves focus here: the summary leads to every problem, wherever the user was.
  useEffect(() => box.current?.focus(), [focusOn]);
  if (issues.length === 0) return null;
  const focus = (key: string) => {
    // A problem on a whole list or step has no input of its own: go to the nearest enclosing one.
    let el: HTMLElement | null = null;
    for (let k = key; k && !el; k = k.split('.').slice(0, -1).join('.')) el = document.getElementById(inputId(k));
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  };
  return (
    <div ref={box} className="error-text issue-summary" role="alert" data-testid="rubric-issues" tabIndex={-1}>
      <strong>
        Not saved: {issues.length === 1 ? '1 problem' : `${issues.length} problems`} to fix. Each is shown next to its
        field.
      </strong>
      <ul>
        {issues.map((i) => (
          <li key={i.path + i.message}>
            <button type="button" className="link" onClick={() => focus(i.key)}>
              {keyLabel(i.key)}
            </button>
            : {i.short}
          </li>
        ))}
      </ul>
    </div>
  );
}
