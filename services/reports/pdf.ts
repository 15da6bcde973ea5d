/**
 * HTML to PDF. Reports and feedback are HTML first; a PdfRenderer prints them. In Node (CLI, tests)
 * that is the system Chromium driven by playwright-core, a declared development dependency: the
 * CLI runs from a checkout, and the packaged app prints with webContents.printToPDF instead
 * (main/pdf.ts), so no second browser ships with the app.
 */
export interface PdfRenderOptions {
  /** Wait until the report's inline script has drawn its charts (it sets data-charts-ready). */
  waitForCharts?: boolean;
  signal?: AbortSignal;
}

export interface PdfRenderer {
  render(html: string, opts?: PdfRenderOptions): Promise<Buffer>;
}

class PdfRenderError extends Error {
  override name = 'PdfRenderError';
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

const TIMEOUT_MS = 60_000;

export class ChromiumPdfRenderer implements PdfRenderer {
  constructor(private readonly executablePath: string = chromiumPath()) {}

  async render(html: string, opts: PdfRenderOptions = {}): Promise<Buffer> {
    // Loaded on demand: only PDF output needs a browser, and the app's bundle must not carry one.
    const { chromium } = await import('playwright-core');
    let browser;
    try {
      browser = await chromium.launch({
        executablePath: this.executablePath,
        args: [...CHROMIUM_ARGS],
        timeout: TIMEOUT_MS,
      });
    } catch (err) {
      throw new PdfRenderError(
        `Chromium could not be started from ${this.executablePath} (set CHROMIUM_PATH to another browser): ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const abort = () => void browser.close();
    opts.signal?.addEventListener('abort', abort, { once: true });
    try {
      const page = await browser.newPage({ javaScriptEnabled: true });
      // The documents are self-contained; anything that still tries the network is refused.
      await page.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load', timeout: TIMEOUT_MS });
      if (opts.waitForCharts) {
        // A string, not a function: this module is type-checked without the DOM library.
        await page.waitForFunction("document.body.hasAttribute('data-charts-ready')", undefined, {
          timeout: TIMEOUT_MS,
        });
      }
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({ printBackground: true, preferCSSPageSize: true });
    } catch (err) {
      if (err instanceof PdfRenderError) throw err;
      throw new PdfRenderError(`The PDF could not be rendered: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      opts.signal?.removeEventListener('abort', abort);
      await browser.close().catch(() => undefined);
    }
  }
}
