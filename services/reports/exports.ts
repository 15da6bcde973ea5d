/**
 * Report and feedback files: the one place that turns the report into CSV, JSON, HTML or PDF, used
 * by the app's export buttons, `osce report`, `osce export` and `osce feedback`.
 */
import type { Db } from '../../db/connection';
import { candidatesWithRecordings } from '../../db/queries/recordings';
import type { AgreementReport, ExportedFile, ExportFormat, FeedbackCandidate } from '../../contract/reports';
import type { ServiceContext } from '../core/context';
import { loadLabDataset, type ReportFilter } from './dataset';
import { buildTraineeFeedback, type FeedbackOptions } from './feedback';
import { renderFeedbackHtml, renderSessionFeedbackHtml } from './feedback-html';
import type { Locale } from '../../domain/i18n/locales';
import { nowIso } from '../core/clock';
import { longRows, longRowsCsv, type LongRow } from './long-rows';
import type { PdfRenderer } from './pdf';
import { reportFromDataset, type ReportOptions } from './report';
import { renderReportHtml } from './report-html';

export const JSON_EXPORT_FORMAT = 'osce-scoring-assistant/agreement-report';

export interface JsonExport {
  format: typeof JSON_EXPORT_FORMAT;
  version: 1;
  report: AgreementReport;
  /** The long-format rows, as in the CSV export. */
  labels: LongRow[];
}

const MIME: Record<ExportFormat | 'pdf', string> = {
  html: 'text/html;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
};

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'all'
  );
}

function reportFileName(report: AgreementReport, ext: ExportFormat | 'pdf'): string {
  const parts = ['agreement-report', slug(report.scope.session ?? 'all-sessions')];
  if (report.scope.station) parts.push(slug(report.scope.station));
  parts.push(report.generatedAt.slice(0, 10));
  return `${parts.join('-')}.${ext}`;
}

export function reportFiles(db: Db, filter: ReportFilter = {}, opts: ReportOptions = {}, locale: Locale = 'en') {
  const ds = loadLabDataset(db, filter, locale);
  const report = reportFromDataset(ds, opts);
  return {
    report,
    html: () => renderReportHtml(report, locale),
    csv: () => longRowsCsv(longRows(ds)),
    json: () =>
      JSON.stringify(
        { format: JSON_EXPORT_FORMAT, version: 1, report, labels: longRows(ds) } satisfies JsonExport,
        null,
        2,
      ) + '\n',
  };
}

export function exportReport(
  db: Db,
  format: ExportFormat,
  filter: ReportFilter = {},
  opts: ReportOptions = {},
  locale: Locale = 'en',
): ExportedFile {
  const files = reportFiles(db, filter, opts, locale);
  return { fileName: reportFileName(files.report, format), mimeType: MIME[format], content: files[format]() };
}

export async function exportReportPdf(
  db: Db,
  renderer: PdfRenderer,
  filter: ReportFilter = {},
  opts: ReportOptions = {},
  locale: Locale = 'en',
): Promise<Buffer> {
  return renderer.render(reportFiles(db, filter, opts, locale).html(), { waitForCharts: true });
}

function feedbackFileName(candidate: string, ext: 'html' | 'pdf'): string {
  return `feedback-${slug(candidate)}.${ext}`;
}

export async function exportFeedbackHtml(
  ctx: ServiceContext,
  candidate: string,
  opts: FeedbackOptions = {},
  locale: Locale = 'en',
): Promise<ExportedFile> {
  const html = renderFeedbackHtml(await buildTraineeFeedback(ctx, candidate, { ...opts, locale }), locale);
  return { fileName: feedbackFileName(candidate, 'html'), mimeType: MIME.html, content: html };
}

export async function exportFeedbackPdf(
  ctx: ServiceContext,
  candidate: string,
  renderer: PdfRenderer,
  opts: FeedbackOptions = {},
  locale: Locale = 'en',
): Promise<Buffer> {
  const html = renderFeedbackHtml(await buildTraineeFeedback(ctx, candidate, { ...opts, locale }), locale);
  return renderer.render(html, opts.signal ? { signal: opts.signal } : {});
}

/** Candidates with at least one recording, for the feedback picker. */
export function listFeedbackCandidates(db: Db): FeedbackCandidate[] {
  return candidatesWithRecordings(db);
}

/**
 * One document for a whole session: every candidate of its recordings, each on their own pages,
 * built from that session's recordings only.
 */
export async function exportSessionFeedbackHtml(
  ctx: ServiceContext,
  sessionId: number,
  opts: FeedbackOptions = {},
  locale: Locale = 'en',
): Promise<ExportedFile> {
  const ds = loadLabDataset(ctx.db, { sessionId });
  const session = ds.filter.session ?? String(sessionId);
  const codes = [...new Set(ds.recordings.map((r) => r.candidateCode).filter((c): c is string => c !== null))].sort(
    (a, b) => a.localeCompare(b, 'en', { numeric: true }),
  );
  const all = [];
  for (const code of codes) all.push(await buildTraineeFeedback(ctx, code, { ...opts, sessionId, locale }));
  return {
    fileName: `feedback-session-${slug(session)}.html`,
    mimeType: MIME.html,
    content: renderSessionFeedbackHtml(session, all, nowIso(), locale),
  };
}
