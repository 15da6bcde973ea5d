import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { callNames } from '../../contract/api';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const skipReason =
  binary && existsSync(binary)
    ? null
    : 'the Electron binary is not installed on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, no internet to fetch it); the same UI is covered in Chromium by tests/e2e';

if (skipReason && !process.env.TEST_WORKER_INDEX) console.log(`electron suite skipped: ${skipReason}`);

test.describe('packaged-style Electron app', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('launches with the security settings on and opens every section', async () => {
    const { ensureElectronSqlite } = (await import('../../scripts/electron-native.mjs')) as {
      ensureElectronSqlite: () => string;
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'osce-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, '--db', join(dataDir, 'osce.sqlite')],
      env: { ...process.env, OSCE_SQLITE_BINDING: ensureElectronSqlite() },
    });
    const win = await app.firstWindow();
    await expect(win.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    // No Node in the page, and the bridge exposes only the contract's names (plus events, the media
    // base URL and pathForFile for dropped files: contract/bridge.ts).
    const page = await win.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { osce: object }).osce).sort(),
    }));
    expect(page.require).toBe('undefined');
    expect(page.process).toBe('undefined');
    expect(page.bridge).toEqual([...callNames, 'mediaBaseUrl', 'on', 'pathForFile'].sort());
    // The app's own page is answered by main (isAppUrl compares scheme and host, not Node's 'null' origin).
    const info = await win.evaluate(() =>
      (window as unknown as { osce: { appInfo(): Promise<{ ok: boolean }> } }).osce.appInfo(),
    );
    expect(info.ok).toBe(true);
    for (const name of ['Review', 'Reports', 'Settings', 'Recordings']) {
      await win.getByRole('button', { name, exact: true }).click();
      await expect(win.getByTestId(`section-${name.toLowerCase()}`)).toBeVisible();
    }
    await app.close();
  });
});
