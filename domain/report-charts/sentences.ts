/**
 * One sentence per model configuration saying what its figures mean in practice ("agrees with the
 * final scores about as often as chance on step grades; on Compression depth about as often as
 * chance"), generated from the figures with fixed bands so the app and the HTML/PDF say the same.
 * Bands follow the usual reading of κ (Landis & Koch): below 0.1 chance, 0.1–0.4 slight to fair,
 * 0.4–0.6 moderate, 0.6–0.8 substantial, 0.8 and above almost perfect. MCC is read on the same bands.
 */
import type { LeaderboardEntry, LeaderboardGroup, StepTrust } from '../../contract/reports';
import { formatNumber, formatPercent } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import type { ReportT as Translate } from './translate';

export type Band = 'backwards' | 'chance' | 'slight' | 'moderate' | 'substantial' | 'almostPerfect';

export function bandOf(value: number): Band {
  if (value < -0.1) return 'backwards';
  if (value < 0.1) return 'chance';
  if (value < 0.4) return 'slight';
  if (value < 0.6) return 'moderate';
  if (value < 0.8) return 'substantial';
  return 'almostPerfect';
}

/** Above this share of steps called errors, recall and F1 say little (the all-errors warning). */
const FLAGS_EVERYTHING = 0.9;

function stepClause(trust: StepTrust | undefined, binary: boolean, t: Translate, locale: Locale): string {
  if (!trust) return '';
  const rows = trust.steps
    .filter((s) => s.enough)
    .map((s) => ({ title: s.title, value: (binary ? s.mcc : s.qwk).value }))
    .filter((s): s is { title: string; value: number } => s.value !== null);
  if (rows.length < 2) return '';
  rows.sort((a, b) => a.value - b.value);
  const worst = rows[0]!;
  const best = rows[rows.length - 1]!;
  const phrase = (v: number) =>
    t(binary ? `reports:sentence.detect.${bandOf(v)}` : `reports:sentence.agree.${bandOf(v)}`);
  return t('reports:sentence.steps', {
    best: best.title,
    bestBand: phrase(best.value),
    bestValue: formatNumber(best.value, locale, 2),
    worst: worst.title,
    worstBand: phrase(worst.value),
    worstValue: formatNumber(worst.value, locale, 2),
  });
}

/**
 * What an entry's figures mean in practice. An unranked entry gets no band: figures from a few
 * recordings, or a part of the scope, say too little to be read that way.
 */
export function modelSentence(
  entry: LeaderboardEntry,
  group: LeaderboardGroup,
  trust: StepTrust | undefined,
  t: Translate,
  locale: Locale,
): string {
  const model = entry.config.model;
  const recordings = entry.coverage.recordings;
  if (entry.rank === null || entry.primary.metric.value === null)
    return t('reports:sentence.unranked', { model, count: recordings });
  const value = entry.primary.metric.value;
  const binary = group.task === 'binary';
  const main = binary
    ? t('reports:sentence.detectMain', {
        model,
        band: t(`reports:sentence.detect.${bandOf(value)}`),
        value: formatNumber(value, locale, 2),
        count: recordings,
      })
    : t('reports:sentence.agreeMain', {
        model,
        band: t(`reports:sentence.agree.${bandOf(value)}`),
        value: formatNumber(value, locale, 2),
        count: recordings,
      });
  const rate = entry.errorDetection.predictedErrorRate.value;
  const flags =
    rate !== null && rate >= FLAGS_EVERYTHING
      ? t('reports:sentence.flagsEverything', { rate: formatPercent(rate, locale) })
      : '';
  // Chinese sentences follow each other without a space.
  return [main, stepClause(trust, binary, t, locale), flags]
    .filter((s) => s !== '')
    .join(locale === 'zh-CN' ? '' : ' ');
}
