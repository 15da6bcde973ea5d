import type { ReactNode } from 'react';
import { inputId, type PlacedIssue } from './issues';

/** The problems the backend found in one field, shown right under it. */
export function FieldIssues({ issues, k }: { issues: readonly PlacedIssue[]; k: string }) {
  const mine = issues.filter((i) => i.key === k);
  if (mine.length === 0) return null;
  return (
    <ul className="field-issues" id={`${inputId(k)}-issues`} data-testid={`issues-${k}`}>
      {mine.map((i) => (
        <li key={i.path + i.message}>{i.short}</li>
      ))}
    </ul>
  );
}

interface FieldProps {
  label: string;
  /** Issue key of this field, e.g. `steps.2.criteria`; also gives the input its id. */
  k: string;
  issues: readonly PlacedIssue[];
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  className?: string;
  /** Accessible name when the visible label repeats (every step has a "Title"). */
  ariaLabel?: string;
  /** Visible label hidden (rows under a first row that shows it); the accessible name stays. */
  hideLabel?: boolean;
}

/** A labelled input or textarea that marks itself invalid and lists its problems. */
export function Field({
  label,
  k,
  issues,
  value,
  onChange,
  multiline,
  readOnly,
  placeholder,
  hint,
  className,
  ariaLabel,
  hideLabel,
}: FieldProps) {
  const id = inputId(k);
  const invalid = issues.some((i) => i.key === k);
  const common = {
    id,
    value,
    readOnly,
    placeholder,
    'aria-label': ariaLabel,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${id}-issues` : undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className={`field${invalid ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input {...common} />}
      {hint && <span className="field-hint">{hint}</span>}
      <FieldIssues issues={issues} k={k} />
    </div>
  );
}
