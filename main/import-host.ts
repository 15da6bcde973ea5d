/**
 * The OS side of recording import: the native open dialog for recordings, folders and manifests.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { VIDEO_EXTENSIONS } from '../services/recordings/scan';

export type ImportPathsKind = 'files' | 'folder' | 'manifest' | 'backup' | 'bundle';

export function openDialogOptions(kind: ImportPathsKind): OpenDialogOptions {
  if (kind === 'folder')
    return { title: 'Choose folders of recordings', properties: ['openDirectory', 'multiSelections'] };
  if (kind === 'backup')
    return {
      title: 'Choose a backup to restore',
      properties: ['openFile'],
      filters: [
        { name: 'Backup', extensions: ['sqlite', 'db'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
  if (kind === 'bundle')
    return {
      title: 'Open an exam bundle',
      properties: ['openFile'],
      filters: [{ name: 'Exam bundle', extensions: ['osce-bundle'] }],
    };
  if (kind === 'manifest') {
    return {
      title: 'Choose an import manifest',
      properties: ['openFile'],
      filters: [{ name: 'CSV manifest', extensions: ['csv'] }],
    };
  }
  return {
    title: 'Choose recordings',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Recordings', extensions: [...VIDEO_EXTENSIONS] },
      // Old capture systems use odd extensions; anything ffprobe reads is accepted.
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

/** `chooseImportPaths`: arguments were validated by registerIpc against the contract. */
export async function chooseImportPaths(win: BrowserWindow | null, kind: ImportPathsKind): Promise<string[]> {
  const options = openDialogOptions(kind);
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/** `chooseBundleSavePath`: where a new exam bundle goes; null when the user cancels. */
export async function chooseBundleSavePath(win: BrowserWindow | null, defaultName: string): Promise<string | null> {
  const options = {
    title: 'Save the exam bundle',
    defaultPath: defaultName,
    filters: [{ name: 'Exam bundle', extensions: ['osce-bundle'] }],
  };
  const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  return choice.filePath.toLowerCase().endsWith('.osce-bundle') ? choice.filePath : `${choice.filePath}.osce-bundle`;
}
