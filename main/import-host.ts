/**
 * The OS side of recording import: the native open dialog for recordings, folders and manifests.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { VIDEO_EXTENSIONS } from '../services/recordings/scan';
import type { Locale } from '../domain/i18n/locales';
import { translatorFor } from '../domain/i18n/translator';

export type ImportPathsKind = 'files' | 'folder' | 'manifest' | 'backup' | 'bundle';

/** The dialog's words are in the app's language (`locale`, English by default). */
export function openDialogOptions(kind: ImportPathsKind, locale: Locale = 'en'): OpenDialogOptions {
  const t = translatorFor(locale);
  if (kind === 'folder') return { title: t('dialogs.chooseFolders'), properties: ['openDirectory', 'multiSelections'] };
  if (kind === 'backup')
    return {
      title: t('dialogs.chooseBackup'),
      properties: ['openFile'],
      filters: [
        { name: t('dialogs.backup'), extensions: ['sqlite', 'db'] },
        { name: t('dialogs.allFiles'), extensions: ['*'] },
      ],
    };
  if (kind === 'bundle')
    return {
      title: t('dialogs.openBundle'),
      properties: ['openFile'],
      filters: [{ name: t('dialogs.examBundle'), extensions: ['osce-bundle'] }],
    };
  if (kind === 'manifest') {
    return {
      title: t('dialogs.chooseManifest'),
      properties: ['openFile'],
      filters: [{ name: t('dialogs.csvManifest'), extensions: ['csv'] }],
    };
  }
  return {
    title: t('dialogs.chooseRecordings'),
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: t('dialogs.recordings'), extensions: [...VIDEO_EXTENSIONS] },
      // Old capture systems use odd extensions; anything ffprobe reads is accepted.
      { name: t('dialogs.allFiles'), extensions: ['*'] },
    ],
  };
}

/** `chooseImportPaths`: arguments were validated by registerIpc against the contract. */
export async function chooseImportPaths(
  win: BrowserWindow | null,
  kind: ImportPathsKind,
  locale: Locale = 'en',
): Promise<string[]> {
  const options = openDialogOptions(kind, locale);
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/** `chooseBundleSavePath`: where a new exam bundle goes; null when the user cancels. */
export async function chooseBundleSavePath(
  win: BrowserWindow | null,
  defaultName: string,
  locale: Locale = 'en',
): Promise<string | null> {
  const t = translatorFor(locale);
  const options = {
    title: t('dialogs.saveBundle'),
    defaultPath: defaultName,
    filters: [{ name: t('dialogs.examBundle'), extensions: ['osce-bundle'] }],
  };
  const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  return choice.filePath.toLowerCase().endsWith('.osce-bundle') ? choice.filePath : `${choice.filePath}.osce-bundle`;
}
