import { describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { standInOf } from '../tests/main-process/electron-stand-in';
import { chooseImportPaths, openDialogOptions } from './import-host';

vi.mock('electron', async () =>
  (await import('../tests/main-process/electron-stand-in')).electronModuleForTests({
    openDialogPaths: [['/exams/a.mp4', '/exams/b.mov']],
  }),
);
const stand = standInOf(electron);

describe('import dialogs', () => {
  it('offers recordings (with an all-files escape), folders, or one CSV manifest', () => {
    const files = openDialogOptions('files');
    expect(files.properties).toEqual(['openFile', 'multiSelections']);
    expect(files.filters?.[0]?.extensions).toEqual(expect.arrayContaining(['mp4', 'mov']));
    expect(files.filters?.[1]).toEqual({ name: 'All files', extensions: ['*'] });
    expect(openDialogOptions('folder').properties).toEqual(['openDirectory', 'multiSelections']);
    expect(openDialogOptions('manifest')).toMatchObject({
      properties: ['openFile'],
      filters: [{ extensions: ['csv'] }],
    });
  });

  it('returns the chosen paths, and none when the dialog is cancelled', async () => {
    expect(await chooseImportPaths(null, 'files')).toEqual(['/exams/a.mp4', '/exams/b.mov']);
    expect(await chooseImportPaths(null, 'folder')).toEqual([]);
    expect(stand.record.dialogs.map((d) => (d.options as { title: string }).title)).toEqual([
      'Choose recordings',
      'Choose folders of recordings',
    ]);
  });
});

describe('dialog words in the app language', () => {
  it('titles and filter names in Chinese when the app is in Chinese, extensions unchanged', () => {
    const zh = openDialogOptions('bundle', 'zh-CN');
    expect(zh.title).toBe('打开考试数据包');
    expect(zh.filters).toEqual([{ name: '考试数据包', extensions: ['osce-bundle'] }]);
    expect(openDialogOptions('bundle').title).toBe('Open an exam bundle');
  });
});
