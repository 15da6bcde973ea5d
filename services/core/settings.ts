import type { Db } from '../../db/connection';
import type { SettingsValues } from '../../contract/system';
import { putSettings, settingRows } from '../../db/queries/settings';
import { nowIso } from './clock';

/** The settings the exam database keeps (tool paths are the user's own: ServiceContext.toolPaths). */
export type DatabaseSettings = Omit<SettingsValues, 'ffmpegPath' | 'ffprobePath' | 'toolPathsPending'>;

const DEFAULTS: DatabaseSettings = {
  copyOriginals: true,
  backupFolder: null,
  backupKeep: 10,
  allowPlainTextKeyStorage: false,
  theme: 'system',
  language: 'system',
};

export function getSettings(db: Db): DatabaseSettings {
  const rows = settingRows(db);
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const r of rows) if (r.key in DEFAULTS) out[r.key] = JSON.parse(r.value);
  return out as unknown as DatabaseSettings;
}

/** Stores a settings change as given (services/system/settings.ts checks a change from the user first). */
export function saveSettings(db: Db, patch: Partial<DatabaseSettings>): DatabaseSettings {
  const entries = Object.entries(patch).filter(([key, value]) => value !== undefined && key in DEFAULTS);
  putSettings(
    db,
    entries.map(([key, value]) => [key, JSON.stringify(value)]),
    nowIso(),
  );
  return getSettings(db);
}
