import { afterAll, describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standInOf } from '../tests/main-process/electron-stand-in';
import { ElectronPdfRenderer, saveReportPdf } from './pdf';

vi.mock('electron', async () => {
  const { electronModuleForTests } = await import('../tests/main-process/electron-stand-in');
  const { join: j } = await import('node:path');
  const { tmpdir: t } = await import('node:os');
  return electronModuleForTests({ saveDialogPath: j(t(), 'osce-pdf-unit-report.pdf') });
});
const stand = standInOf(electron);
afterAll(() => rmSync(join(tmpdir(), 'osce-pdf-unit-report.pdf'), { force: true }));

describe('ElectronPdfRenderer', () => {
  it('prints the report from a data: URL in a hidden sandboxed window, and closes the window', async () => {
    const pdf = await new ElectronPdfRenderer().render('<h1>Agreement</h1>');
    expect(pdf.toString()).toMatch(/^%PDF/);
    const win = stand.windows.at(-1)!;
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(win.webContents.url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(win.webContents.url.split(',')[1]!, 'base64').toString()).toBe('<h1>Agreement</h1>');
    expect(win.destroyed).toBe(true);
  });

  it('closes the window even when printing fails', async () => {
    const renderer = new ElectronPdfRenderer();
    const printing = renderer.render('<p>x</p>');
    const win = stand.windows.at(-1)!;
    win.webContents.printToPDF = async () => {
      throw new Error('printing failed');
    };
    await expect(printing).rejects.toThrow('printing failed');
    expect(win.destroyed).toBe(true);
  });
});

describe('saveReportPdf', () => {
  it('writes the PDF where the user chose', async () => {
    const saved = await saveReportPdf(null, '<h1>Report</h1>', 'report.pdf');
    expect(saved).toEqual({ file: join(tmpdir(), 'osce-pdf-unit-report.pdf') });
    expect(readFileSync(saved!.file, 'utf8')).toMatch(/^%PDF/);
    expect(stand.record.dialogs.at(-1)).toMatchObject({
      call: 'showSaveDialog',
      options: { defaultPath: 'report.pdf', filters: [{ extensions: ['pdf'] }] },
    });
  });
});
