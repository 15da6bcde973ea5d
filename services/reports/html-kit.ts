/**
 * Shared pieces of the HTML documents the app writes (agreement report, trainee feedback): escaping,
 * figures with their reasons, and a page shell whose Content-Security-Policy forbids every request,
 * so a saved report can never fetch anything when opened.
 */
import type { ConfidenceInterval } from '../../domain/agreement/bootstrap';
import type { Metric } from '../../domain/agreement/metrics';
import { formatNumber } from '../../domain/i18n/format';
import type { Locale } from '../../domain/i18n/locales';
import { reportTranslator, type ReportT as Translate } from '../../domain/report-charts/translate';
import { plainReason, type RaterNames } from '../../domain/report-charts/reasons';
import { glossary as GLOSSARY_EN } from '../../domain/i18n/en/glossary';

const GLOSSARY_TERMS = GLOSSARY_EN.terms;

/** What every part of a document needs to write in the reader's language. */
export interface Writing {
  locale: Locale;
  t: Translate;
  /** A reason behind an undefined figure, translated and with rater names instead of keys. */
  reason(text: string): string;
  /** A number with fixed decimals in the locale's digits, never "-0.00". */
  num(value: number, digits: number): string;
}

export function writingFor(locale: Locale, names: RaterNames = new Map()): Writing {
  const t = reportTranslator(locale);
  return {
    locale,
    t,
    reason: (text) => plainReason(text, t, names),
    num: (value, digits) => formatNumber(Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value, locale, digits),
  };
}

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Reasons behind undefined figures, numbered where they are cited and listed once below, so a
 * table cell shows "undefined ¹" instead of a paragraph.
 */
export class Notes {
  private readonly reasons: string[] = [];

  constructor(private readonly w: Writing) {}

  ref(raw: string): string {
    const reason = this.w.reason(raw);
    let i = this.reasons.indexOf(reason);
    if (i < 0) i = this.reasons.push(reason) - 1;
    return `<sup class="fn">${i + 1}</sup>`;
  }

  html(): string {
    if (this.reasons.length === 0) return '';
    return `<ol class="notes">${this.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>`;
  }
}

/** A figure, or "undefined" with its reason (as a numbered note when `notes` is given): never NaN. */
export function metricHtml(w: Writing, m: Metric | undefined, digits = 3, notes?: Notes): string {
  if (!m) return '<span class="undef">—</span>';
  const why = (reason: string) => (notes ? notes.ref(reason) : `<span class="reason">${esc(w.reason(reason))}</span>`);
  if (m.value === null)
    return `<span class="undef">${esc(w.t('reports:fig.undefined'))}</span>${why(m.reason ?? 'not defined')}`;
  return `${w.num(m.value, digits)}${m.reason ? why(m.reason) : ''}`;
}

/** A 95% interval; nothing when its reason is the one already given for the figure itself. */
export function intervalHtml(
  w: Writing,
  ci: ConfidenceInterval | undefined,
  digits = 2,
  notes?: Notes,
  figureReason?: string,
): string {
  if (!ci) return '';
  if (ci.low === null || ci.high === null) {
    if (ci.reason !== undefined && ci.reason === figureReason) return '';
    const reason = ci.reason ?? 'not defined';
    return `<span class="ci">${esc(w.t('reports:fig.ci95Undefined'))}${notes ? notes.ref(reason) : `: ${esc(w.reason(reason))}`}</span>`;
  }
  return `<span class="ci">[${w.num(ci.low, digits)}, ${w.num(ci.high, digits)}]</span>`;
}

/** The glossary section: each figure with its one-line meaning, in the reader's language. */
export function glossaryHtml(w: Writing): string {
  const terms = Object.keys(GLOSSARY_TERMS) as (keyof typeof GLOSSARY_TERMS)[];
  return `<section class="glossary" id="glossary">
<h2>${esc(w.t('glossary:title'))}</h2>
<p class="muted">${esc(w.t('glossary:intro'))}</p>
<dl class="glossary-list">
${terms.map((k) => `<dt>${esc(w.t(`glossary:terms.${k}.term`))}</dt><dd>${esc(w.t(`glossary:terms.${k}.short`))}</dd>`).join('\n')}
</dl>
</section>`;
}

/** Embeds data for an inline script: `<` escaped so no value can close the script element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const BASE_CSS = `
  :root { --ink:#1d2433; --muted:#5d6778; --line:#dde1e8; --model:#7a4cc2; --bad:#c62828; --ok:#1a7f37; }
  * { box-sizing: border-box; }
  body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC',
         'PingFang SC', 'Microsoft YaHei', 'DejaVu Sans', sans-serif; color: var(--ink);
         font-size: 13px; line-height: 1.45; margin: 0; padding: 28px 36px; max-width: 1100px; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); break-after: avoid; }
  h3 { font-size: 14px; margin: 18px 0 6px; break-after: avoid; }
  p { margin: 4px 0 8px; }
  .muted, .reason { color: var(--muted); }
  .reason { display: block; font-size: 10.5px; line-height: 1.25; max-width: 260px; }
  .undef { font-style: italic; color: var(--muted); }
  .ci { color: var(--muted); font-size: 11px; margin-left: 4px; white-space: nowrap; }
  sup.fn { color: var(--muted); font-size: 9px; margin-left: 1px; }
  ol.notes { color: var(--muted); font-size: 11px; margin: 2px 0 10px; padding-left: 20px; }
  tr.group td { background: #f6f7f9; font-weight: 600; font-size: 11.5px; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
  th, td { text-align: left; padding: 5px 7px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-size: 10.5px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
  tr { break-inside: avoid; }
  .model { color: var(--model); }
  .tag { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 10.5px; border: 1px solid currentColor; white-space: nowrap; }
  .tag.model { background: #f3eefb; }
  .tag.hawk { color: var(--bad); } .tag.dove { color: #1f6feb; } .tag.undecided, .tag.nodata { color: var(--muted); }
  .note { background: #f6f7f9; border-left: 3px solid #b8c0cc; padding: 8px 12px; margin: 8px 0; }
  .note.model { border-left-color: var(--model); background: #f7f3fc; color: var(--ink); }
  .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
  .facts dt { color: var(--muted); } .facts dd { margin: 0; }
  figure { margin: 10px 0 18px; break-inside: avoid; }
  figcaption { color: var(--muted); font-size: 11.5px; margin-top: 4px; }
  .glossary-list { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0; }
  .glossary-list dt { font-weight: 600; } .glossary-list dd { margin: 0; }
  .in-practice { margin: 4px 0 10px; padding: 6px 10px; border-left: 3px solid var(--model); background: #f7f3fc; }
  .in-practice p { margin: 2px 0; }
  abbr[title] { text-decoration: underline dotted; cursor: help; }
  @page { size: A4; margin: 14mm 12mm; }
  @media print { body { padding: 0; max-width: none; } }
`;

export interface PageOptions {
  title: string;
  /** The document's language (the html element's lang), so fonts and screen readers pick the right one. */
  lang: Locale;
  body: string;
  css?: string;
  /** Inline scripts (the report's charts); none for feedback. */
  scripts?: string[];
}

export function htmlPage(opts: PageOptions): string {
  const scripts = opts.scripts ?? [];
  // Inline code and data: URLs only; no src, href or url() may reach any host.
  const csp = [
    "default-src 'none'",
    scripts.length ? "script-src 'unsafe-inline'" : "script-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="${esc(opts.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(opts.title)}</title>
<style>${BASE_CSS}${opts.css ?? ''}</style>
</head>
<body>
${opts.body}
${scripts.map((s) => `<script>${s.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n')}
</body>
</html>
`;
}
