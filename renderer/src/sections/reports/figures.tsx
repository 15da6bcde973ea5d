import type { ReactNode } from 'react';
import type { ConfidenceInterval } from '../../../../domain/agreement/bootstrap';
import type { ExportedFile, Metric } from '../../../../contract/reports';

/**
 * Reasons behind undefined figures, numbered where cited and listed under the table. Figures are
 * rendered with plain function calls (not components) so the list is complete when it is drawn.
 */
export class Notes {
  readonly reasons: string[] = [];
  ref(reason: string): ReactNode {
    let i = this.reasons.indexOf(reason);
    if (i < 0) i = this.reasons.push(reason) - 1;
    return (
      <sup className="fn" title={reason}>
        {i + 1}
      </sup>
    );
  }
}

export function NotesList({ notes }: { notes: Notes }) {
  if (notes.reasons.length === 0) return null;
  return (
    <ol className="notes">
      {notes.reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ol>
  );
}

export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A figure, or "undefined" with its reason: never NaN. */
export function fig(m: Metric | undefined, notes: Notes, digits = 3): ReactNode {
  if (!m) return <span className="undef">—</span>;
  if (m.value === null) {
    return <span className="undef">undefined{notes.ref(m.reason ?? 'not defined')}</span>;
  }
  return (
    <>
      {fixed(m.value, digits)}
      {m.reason ? notes.ref(m.reason) : null}
    </>
  );
}

export function ci(interval: ConfidenceInterval | undefined, figureReason?: string): ReactNode {
  if (!interval || interval.low === null || interval.high === null) {
    return interval?.reason && interval.reason !== figureReason ? <span className="ci">CI undefined</span> : null;
  }
  return (
    <span className="ci">
      [{fixed(interval.low, 2)}, {fixed(interval.high, 2)}]
    </span>
  );
}

/** Offers a file the backend produced as a download, through a short-lived blob: URL. */
export function offerDownload(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
