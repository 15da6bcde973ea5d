import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../bridge/server';

export interface AppFixture {
  bridge: Bridge;
  dataDir: string;
  dbPath: string;
  /** Opens the app's UI against this test's own database. */
  open(): Promise<Page>;
}

/** Each test gets its own data folder and database; a test may prepare the folder before opening. */
export interface PrepareData {
  run?: (dataDir: string, dbPath: string) => void;
}

export const test = base.extend<{ app: AppFixture; prepareData: PrepareData }>({
  prepareData: [{}, { option: true }],
  app: async ({ page, prepareData }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'osce-e2e-'));
    const dbPath = join(dataDir, 'osce.sqlite');
    prepareData.run?.(dataDir, dbPath);
    const bridge = await startBridge({ dbPath });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await use({
      bridge,
      dataDir,
      dbPath,
      open: async () => {
        await page.addInitScript(bridge.initScript);
        await page.goto(bridge.url);
        return page;
      },
    });
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
