import type { Db } from '../../db/connection';
import type { SettingsValues } from '../../contract/system';
import { nowIso } from './clock';
import { checkMediaToolPaths } from '../media/tool-path';

const DEFAULTS: SettingsValues = { ffmpegPath: null, ffprobePath: null, copyOriginals: true, backupFolder: null, backupKeep: 10, allowPlainTextKeyStorage: false, theme: 'system' };

export function getSettings(db: Db): SettingsValues {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const r of rows) if (r.key in DEFAULTS) out[r.key] = JSON.parse(r.value);
  return out as unknown as SettingsValues;
}

/** Saves a settings change; a media tool path that is not a working ffmpeg/ffprobe refuses the whole change. */
export function updateSettings(db: Db, patch: Partial<SettingsValues>): SettingsValues {
  checkMediaToolPaths({
    ...(typeof patch.ffmpegPath === 'string' ? { ffmpegPath: patch.ffmpegPath } : {}),
    ...(typeof patch.ffprobePath === 'string' ? { ffprobePath: patch.ffprobePath } : {}),
  });
  const put = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && key in DEFAULTS) put.run(key, JSON.stringify(value), nowIso());
    }
  })();
  return getSettings(db);
}
