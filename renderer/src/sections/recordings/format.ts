import type { TFunction } from 'i18next';

/** Display formats for recordings: durations, time left, sizes. */

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** "about 2 min left" reads better than a ticking clock for an estimate. */
export function formatTimeLeft(seconds: number, t: TFunction<'recordings'>): string {
  if (seconds < 5) return t('progress.fewSeconds');
  if (seconds < 60) return t('progress.seconds', { n: Math.round(seconds / 5) * 5 });
  const min = Math.round(seconds / 60);
  return min < 90 ? t('progress.minutes', { n: min }) : t('progress.hours', { n: Math.round(min / 60) });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
