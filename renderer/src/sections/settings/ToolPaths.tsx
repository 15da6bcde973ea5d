import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsValues } from '../../../../contract/system';
import { SaveStatus, useSaveState } from './SaveStatus';

/**
 * ffmpeg and ffprobe locations; empty means the bundled or system ones. They are this user's own
 * settings on this computer, not the exam database's. A path an earlier version kept in the
 * database is shown here, unused, until the user saves it as a path (it is checked first).
 */
export function ToolPaths({
  settings,
  onSave,
}: {
  settings: SettingsValues;
  onSave: (p: Partial<SettingsValues>) => Promise<void>;
}) {
  const { t } = useTranslation('settings');
  const [ffmpeg, setFfmpeg] = useState(settings.ffmpegPath ?? '');
  const [ffprobe, setFfprobe] = useState(settings.ffprobePath ?? '');
  const status = useSaveState();
  const pending = settings.toolPathsPending;
  const found = [
    ['ffmpeg', pending.ffmpegPath, setFfmpeg],
    ['ffprobe', pending.ffprobePath, setFfprobe],
  ] as const;
  return (
    <form
      className="inline-form"
      aria-label={t('tools.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void status.run(t('tools.savedWhat'), () =>
          onSave({ ffmpegPath: ffmpeg.trim() || null, ffprobePath: ffprobe.trim() || null }),
        );
      }}
    >
      <label>
        {t('tools.ffmpeg')}
        <input value={ffmpeg} onChange={(e) => setFfmpeg(e.target.value)} placeholder={t('tools.automatic')} />
      </label>
      <label>
        {t('tools.ffprobe')}
        <input value={ffprobe} onChange={(e) => setFfprobe(e.target.value)} placeholder={t('tools.automatic')} />
      </label>
      <button type="submit">{t('tools.save')}</button>
      <p className="muted small">{t('tools.keptForYou')}</p>
      <div className="save-status-row">
        <SaveStatus state={status.state} testId="tool-paths-status" />
      </div>
      {found.map(
        ([tool, path, set]) =>
          path && (
            <p key={tool} className="notice" role="status" data-testid={`pending-${tool}`}>
              {t('tools.pending', { path, tool })}{' '}
              <button type="button" className="link" onClick={() => set(path)}>
                {t('tools.putInField')}
              </button>{' '}
              {t('tools.pendingAfter')}
            </p>
          ),
      )}
    </form>
  );
}
