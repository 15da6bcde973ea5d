import { BrowserWindow, dialog, type BrowserWindow as Win } from 'electron';
import { writeFile } from 'node:fs/promises';
import type { PdfRenderer, PdfRenderOptions } from '../services/reports/pdf';

const READY_TIMEOUT_MS = 30_000;

/**
 * Prints the app's own HTML reports with Chromium's printToPDF in a hidden, sandboxed window, so
 * the packaged app needs no second browser. The document is self-contained (data: URL); the global
 * guards in security.ts still refuse any network request it might make.
 */
export class ElectronPdfRenderer implements PdfRenderer {
  async render(html: string, opts: PdfRenderOptions = {}): Promise<Buffer> {
    const win = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: true,
        webSecurity: true,
      },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      if (opts.waitForCharts) await waitForCharts(win);
      return await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      win.destroy();
    }
  }
}

async function waitForCharts(win: Win): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await win.webContents.executeJavaScript(`document.body.hasAttribute('data-charts-ready')`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Renders the report HTML to PDF and asks where to save it; null when the user cancels. */
export async function saveReportPdf(
  parent: Win | null,
  html: string,
  suggestedName: string,
): Promise<{ file: string } | null> {
  // Only the report draws charts; feedback has no script to wait for.
  const pdf = await new ElectronPdfRenderer().render(html, { waitForCharts: html.includes('id="chart-data"') });
  const options = { defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  await writeFile(choice.filePath, pdf);
  return { file: choice.filePath };
}
