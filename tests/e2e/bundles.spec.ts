/**
 * Issue 14 item 8: a session's bundle is exported from Settings on one workstation and imported on
 * another with a preview (signer, fingerprint confirmed, what would be added, differences); the
 * difference is then decided in the app, side by side, audited as `osce bundle decide` is.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge } from '../bridge/server';
import { test, expect } from './fixtures';
import { expectAccessible } from './axe';

let seeded: { recordingId: number; ann: number; firstStep: string };
let otherDir = '';

test.use({
  prepareData: {
    run: (dir) => {
      otherDir = join(dir, 'other-workstation');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'seed-bundle.ts'), dir, otherDir],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
      seeded = JSON.parse(r.stdout) as typeof seeded;
    },
  },
});

test('a bundle exported on one workstation is previewed, imported and its difference decided on another', async ({
  app,
  browser,
}) => {
  // Workstation A exports the session.
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.getByTestId('bundles-card');
  await expectAccessible(page, 'settings with bundles');
  const out = join(app.dataDir, 'spring.osce-bundle');
  app.bridge.setDialogPaths([out]);
  await card.getByTestId('bundle-session').selectOption('Spring OSCE');
  await card.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(card.getByTestId('bundle-exported')).toContainText(`Bundle written: ${out}`);
  expect(existsSync(out)).toBe(true);

  // Workstation B opens it from the file manager and imports it.
  const otherDb = join(otherDir, 'osce.sqlite');
  const other = await startBridge({ dbPath: otherDb });
  const context = await browser.newContext();
  try {
    const pageB = await context.newPage();
    await pageB.addInitScript(other.initScript);
    other.queueOpenedFiles([out]);
    await pageB.goto(other.url);
    // Settings behind the dialog: the screens axe checks here are this spec's own.
    await pageB.getByRole('button', { name: 'Settings', exact: true }).click();
    const notice = pageB.getByTestId('bundle-notice');
    await notice.getByRole('button', { name: 'Review and import…' }).click();
    const dialog = pageB.getByTestId('bundle-import');
    await expect(dialog.getByTestId('bundle-preview')).toContainText('Spring OSCE');
    await expect(dialog.getByTestId('bundle-preview')).toContainText('an unknown workstation');
    await expect(dialog.getByTestId('bundle-fingerprint')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(dialog.getByTestId('bundle-differences')).toContainText(/difference/);
    await expectAccessible(pageB, 'bundle preview');
    const importButton = dialog.getByRole('button', { name: 'Import', exact: true });
    // An unknown signer is trusted only once its fingerprint was confirmed.
    await expect(importButton).toBeDisabled();
    await dialog.getByLabel(/I compared the fingerprint/).check();
    await importButton.click();
    await expect(dialog.getByTestId('bundle-imported')).toContainText('Imported:');

    // The step that differs, side by side; decided with a reason.
    const conflict = dialog.getByTestId('conflict').filter({ hasText: seeded.firstStep });
    await expect(conflict).toHaveCount(1);
    await expect(conflict.getByRole('columnheader', { name: 'On this workstation' })).toBeVisible();
    await expect(conflict.getByRole('columnheader', { name: 'In the bundle' })).toBeVisible();
    await expectAccessible(pageB, 'conflict decisions');
    await conflict.getByRole('button', { name: 'Take incoming' }).click();
    await expect(conflict.getByRole('alert')).toContainText('Give a reason first');
    await conflict.getByLabel('Reason for the decision').fill('checked with Dr Adams');
    await conflict.getByRole('button', { name: 'Take incoming' }).click();
    await expect(dialog.getByTestId('conflict').filter({ hasText: seeded.firstStep })).toHaveCount(0);

    const db = new Database(otherDb, { readonly: true });
    const score = db
      .prepare('SELECT score FROM step_scores WHERE recording_id = ? AND rater_id = ? AND step_id = ?')
      .pluck()
      .get(seeded.recordingId, seeded.ann, seeded.firstStep);
    const decided = db
      .prepare(`SELECT actor, after FROM audit_events WHERE action = 'merge-take-incoming' ORDER BY seq DESC LIMIT 1`)
      .get() as { actor: string; after: string };
    db.close();
    expect(score).not.toBe(0);
    expect(JSON.parse(decided.after)).toMatchObject({ kind: 'step_score', reason: 'checked with Dr Adams' });
  } finally {
    await context.close();
    await other.stop();
  }
});
