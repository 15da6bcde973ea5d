/**
 * The OS side of recording import: the native open dialog for recordings, folders and manifests.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { VIDEO_EXTENSIONS } from '../services/recordings/scan';

export type ImportPathsKind = 'files' | 'folder' | 'manifest';

export function openDialogOptions(kind: ImportPathsKind): OpenDialogOptions {
  if (kind === 'folder')
    return { title: 'Choose folders of recordings', properties: ['openDirectory', 'multiSelections'] };
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
