import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

export type SaveState = { kind: 'idle' } | { kind: 'saved'; what: string } | { kind: 'failed'; lines: string[] };

const FIELDS = [
  'ffmpegPath',
  'ffprobePath',
  'backupFolder',
  'backupKeep',
  'copyOriginals',
  'theme',
  'language',
] as const;
type Field = (typeof FIELDS)[number];
const isField = (path: string): path is Field => (FIELDS as readonly string[]).includes(path);

/** One problem the backend named, in the user's words: the field's label, never its internal name. */
function issueInWords(t: TFunction<'settings'>, path: string, message: string): string {
  if (path === 'backupKeep') return `${t('fields.backupKeep')}: ${t('errors.keepRange')}`;
  const tool = path === 'ffmpegPath' ? 'ffmpeg' : path === 'ffprobePath' ? 'ffprobe' : null;
  if (tool) {
    const missing = /^The \w+ path "(.*)" does not exist\.$/.exec(message);
    if (missing) return t('errors.toolPathMissing', { tool, path: missing[1] ?? '' });
    const relative = /^The \w+ path must be a full path .*, not "(.*)"\.$/.exec(message);
    if (relative) return t('errors.toolPathRelative', { tool, path: relative[1] ?? '' });
    return `${t(`fields.${path as 'ffmpegPath'}`)}: ${message}`;
  }
  return isField(path) ? `${t(`fields.${path}`)}: ${message}` : message;
}

/** Why a settings change was refused, one line per problem, with the fields' labels. */
export function settingsErrorLines(t: TFunction<'settings'>, err: unknown): string[] {
  if (err instanceof ApiError && err.issues?.length) return err.issues.map((i) => issueInWords(t, i.path, i.message));
  return [t('failed', { message: err instanceof Error ? err.message : String(err) })];
}

/** Runs a save and remembers whether it was saved or why not, for SaveStatus. */
export function useSaveState() {
  const { t } = useTranslation('settings');
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const run = useCallback(
    async (what: string, save: () => Promise<void>) => {
      setState({ kind: 'idle' });
      try {
        await save();
        setState({ kind: 'saved', what });
        return true;
      } catch (err) {
        setState({ kind: 'failed', lines: settingsErrorLines(t, err) });
        return false;
      }
    },
    [t],
  );
  /** A refusal found before anything was sent (e.g. a number out of range). */
  const refuse = useCallback((lines: string[]) => setState({ kind: 'failed', lines }), []);
  return { state, run, refuse };
}

/** "Saved." after a save, or what was refused, in words; announced to screen readers. */
export function SaveStatus({ state, testId }: { state: SaveState; testId?: string }) {
  const { t } = useTranslation('settings');
  if (state.kind === 'saved')
    return (
      <p className="save-status saved" role="status" data-testid={testId}>
        {t('savedWhat', { what: state.what })}
      </p>
    );
  if (state.kind === 'failed' && state.lines.length)
    return (
      <div className="save-status failed" role="alert" data-testid={testId}>
        <strong>{t('notSavedFields')}</strong>
        <ul>
          {state.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </div>
    );
  return null;
}
