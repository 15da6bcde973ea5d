import type { Db } from '../../db/connection';
import type { SettingsValues } from '../../contract/system';
import { saveSettings } from '../core/settings';
import { checkMediaToolPaths } from '../media/tool-path';

/** Saves a settings change; a media tool path that is not a working ffmpeg/ffprobe refuses the whole change. */
export function updateSettings(db: Db, patch: Partial<SettingsValues>): SettingsValues {
  checkMediaToolPaths({
    ...(typeof patch.ffmpegPath === 'string' ? { ffmpegPath: patch.ffmpegPath } : {}),
    ...(typeof patch.ffprobePath === 'string' ? { ffprobePath: patch.ffprobePath } : {}),
  });
  return saveSettings(db, patch);
}
