/**
 * Security review A1, in the page: an ffprobe path found in the exam database is moved out of it
 * and shown in Settings as unused; it runs only after the user saves it as their own path.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

let wrapper = '';
let mark = '';

test.use({
  prepareData: {
    run: (dir, dbPath) => {
      const bin = join(dir, 'shared-bin');
      mkdirSync(bin, { mode: 0o755 });
      wrapper = join(bin, 'ffprobe');
      mark = join(bin, 'ran.txt');
      writeFileSync(wrapper, `#!/bin/sh\necho ran >> '${mark}'\nexec ffprobe "$@"\n`);
      chmodSync(wrapper, 0o755);
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'seed-tool-path.ts'), dbPath, wrapper],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
    },
  },
});

test('a tool path found in the exam database is shown unused, and runs only once the user saves it', async ({
  app,
}) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const notice = page.getByTestId('pending-ffprobe');
  await expect(notice).toContainText(`The exam database named ${wrapper} as ffprobe. It is not used`);
  await page.getByRole('button', { name: 'Run system check' }).click();
  await expect(page.getByTestId('check-results')).toContainText('ffprobe');
  expect(existsSync(mark)).toBe(false);

  await notice.getByRole('button', { name: 'Put it in the field' }).click();
  await expect(page.getByLabel('ffprobe path')).toHaveValue(wrapper);
  await page.getByRole('button', { name: 'Save paths' }).click();
  await expect(notice).toHaveCount(0);
  expect(existsSync(mark)).toBe(true);
});
