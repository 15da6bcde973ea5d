import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfidenceInterval } from '../../../../domain/agreement/bootstrap';
import type { AgreementReport, ExportedFile, Metric } from '../../../../contract/reports';
import { formatNumber } from '../../../../domain/i18n/format';
import type { Locale } from '../../../../domain/i18n/locales';
import { plainReason, raterNamesOf } from '../../../../domain/report-charts/reasons';
import type { ReportNamespaces, ReportT } from '../../../../domain/report-charts/translate';
import { useLanguage } from '../../i18n';

/** What the report's cards need to write in the page's language. */
export interface Writing {
  t: ReportT;
  locale: Locale;
  reason(text: string): string;
  num(value: number, digits: number): string;
}

const NAMESPACES: ReportNamespaces = ['reports', 'glossary', 'feedback'];

export function useWriting(report?: AgreementReport): Writing {
  const { t } = useTranslation(NAMESPACES);
  const locale = useLanguage((s) => s.locale);
  const names = report ? raterNamesOf(report) : new Map<string, string>();
  return {
    t,
    locale,
    reason: (text) => plainReason(text, t, names),
    num: (value, digits) => formatNumber(Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value, locale, digits),
  };
}

/**
 * Reasons behind undefined figures, numbered where cited and listed under the table. Figures are
 * rendered with plain function calls (not components) so the list is complete when it is drawn.
 */
export class Notes {
  readonly reasons: string[] = [];
  constructor(readonly w: Writing) {}
  ref(raw: string): ReactNode {
    const reason = this.w.reason(raw);
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

/** The agreement code's own wording, translated by plainReason like every reason. */
const NOT_DEFINED = 'not defined';

/** A figure, or "undefined" with its reason: never NaN. */
export function fig(m: Metric | undefined, notes: Notes, digits = 3): ReactNode {
  if (!m) return <span className="undef">—</span>;
  if (m.value === null) {
    return (
      <span className="undef">
        {notes.w.t('reports:fig.undefined')}
        {notes.ref(m.reason ?? NOT_DEFINED)}
      </span>
    );
  }
  return (
    <>
      {notes.w.num(m.value, digits)}
      {m.reason ? notes.ref(m.reason) : null}
    </>
  );
}

export function ci(w: Writing, interval: ConfidenceInterval | undefined, figureReason?: string): ReactNode {
  if (!interval || interval.low === null || interval.high === null) {
    return interval?.reason && interval.reason !== figureReason ? (
      <span className="ci">{w.t('reports:fig.ciUndefined')}</span>
    ) : null;
  }
  return (
    <span className="ci">
      [{w.num(interval.low, 2)}, {w.num(interval.high, 2)}]
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
