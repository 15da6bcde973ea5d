import { useState } from 'react';
import type { SettingsValues } from '../../../../contract/system';

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
  onSave: (p: Partial<SettingsValues>) => void;
}) {
  const [ffmpeg, setFfmpeg] = useState(settings.ffmpegPath ?? '');
  const [ffprobe, setFfprobe] = useState(settings.ffprobePath ?? '');
  const pending = settings.toolPathsPending;
  const found = [
    ['ffmpeg', pending.ffmpegPath, setFfmpeg],
    ['ffprobe', pending.ffprobePath, setFfprobe],
  ] as const;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ffmpegPath: ffmpeg.trim() || null, ffprobePath: ffprobe.trim() || null });
      }}
    >
      <label>
        ffmpeg path
        <input value={ffmpeg} onChange={(e) => setFfmpeg(e.target.value)} placeholder="automatic" />
      </label>
      <label>
        ffprobe path
        <input value={ffprobe} onChange={(e) => setFfprobe(e.target.value)} placeholder="automatic" />
      </label>
      <button type="submit">Save paths</button>
      <p className="muted small">
        Kept for you on this computer, not in the exam database. A program is used only if no other user can change it.
      </p>
      {found.map(
        ([tool, path, set]) =>
          path && (
            <p key={tool} className="notice" role="status" data-testid={`pending-${tool}`}>
              The exam database named <code>{path}</code> as {tool}. It is not used: a path in the shared database could
              point at anyone&apos;s program.{' '}
              <button type="button" className="link" onClick={() => set(path)}>
                Put it in the field
              </button>{' '}
              and save to use it (it is checked first), or save other paths to forget it.
            </p>
          ),
      )}
    </form>
  );
}
