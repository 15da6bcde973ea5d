import { useState } from 'react';
import type { SettingsValues } from '../../../../contract/system';

/** ffmpeg and ffprobe locations; empty means the bundled or system ones. */
export function ToolPaths({
  settings,
  onSave,
}: {
  settings: SettingsValues;
  onSave: (p: Partial<SettingsValues>) => void;
}) {
  const [ffmpeg, setFfmpeg] = useState(settings.ffmpegPath ?? '');
  const [ffprobe, setFfprobe] = useState(settings.ffprobePath ?? '');
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
    </form>
  );
}
