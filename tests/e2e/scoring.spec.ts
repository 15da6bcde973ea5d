import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { dataFolders } from '../../services/core/paths';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { test, expect } from './fixtures';

const ROOT = join(import.meta.dirname, '..', '..');

test.use({
  prepareData: {
    run: (_dir, dbPath) => {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'seed-scoring.ts'), dbPath, '2'],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`seeding the scoring recordings failed: ${r.stderr}`);
    },
  },
});

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ models: ['fake-vision', 'other-model'] });
});
test.afterEach(async () => {
  await fake.close();
});

async function addProvider(
  page: Page,
  kind: 'API provider' | 'local server',
  f: { name: string; baseUrl: string; model: string; frames: string },
) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.getByTestId('model-providers');
  await card.getByRole('button', { name: `Add ${kind}` }).click();
  const form = card.getByTestId('provider-form');
  await form.getByLabel('Name', { exact: true }).fill(f.name);
  await form.getByLabel('Base URL', { exact: true }).fill(f.baseUrl);
  await form.getByLabel('Model', { exact: true }).fill(f.model);
  await form.getByLabel('Frames per request', { exact: true }).fill(f.frames);
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(card.getByTestId('providers-table')).toContainText(f.name);
  // Saved: the form now edits it, and the key and connection panels appear.
  await expect(card.getByTestId('connection-test')).toBeVisible();
  return card;
}

async function openScoring(page: Page, scope: 'all' | 'station') {
  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  await page.getByRole('button', { name: 'Model suggestions…' }).click();
  const scoring = page.getByTestId('model-scoring');
  if (scope === 'all') await scoring.getByRole('button', { name: 'Choose all' }).click();
  else await scoring.getByLabel('A whole station').check();
  await scoring.getByRole('button', { name: 'Estimate and score…' }).click();
  return page.getByTestId('scoring-dialog');
}

test('a local server: set up in Settings, connection tested, two recordings scored with progress, results and tokens', async ({
  app,
}) => {
  fake.setLatency(700);
  const page = await app.open();
  // A new local server starts from a preset: Ollama on this computer, faces not masked.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('model-providers').getByRole('button', { name: 'Add local server' }).click();
  const form = page.getByTestId('provider-form');
  await expect(form.getByLabel('Preset')).toHaveValue('ollama');
  await expect(form.getByLabel('Base URL', { exact: true })).toHaveValue('http://127.0.0.1:11434/v1');
  await form.getByLabel('Preset').selectOption('vllm');
  await expect(form.getByLabel('Base URL', { exact: true })).toHaveValue('http://127.0.0.1:8000/v1');
  await expect(form.getByLabel('Token limit parameter')).toHaveValue('max_tokens');
  await expect(form.getByTestId('mask-faces')).not.toBeChecked();
  await form.getByRole('button', { name: 'Cancel' }).click();

  const card = await addProvider(page, 'local server', {
    name: 'Lab GPU',
    baseUrl: fake.url,
    model: 'fake-vision',
    frames: '4',
  });
  await expect(card.getByTestId('providers-table')).toContainText('this machine');
  await expect(card.getByTestId('capabilities-none')).toBeVisible();

  fake.setProfile({ responseFormats: ['json_object'] });
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByTestId('connection-verdict')).toContainText('Works: fake-vision');
  await expect(card.getByTestId('connection-checks')).toContainText('lists 2 model(s), including fake-vision');
  await expect(card.getByTestId('connection-checks')).toContainText('answered with JSON mode (json_object)');
  await expect(card.getByTestId('capabilities')).toContainText('Answer format: JSON mode (schema in the prompt)');
  await expect(card.getByTestId('capabilities')).toContainText('Images: yes');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('scoring-settings.png'), fullPage: true });

  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  await page.getByRole('button', { name: 'Model suggestions…' }).click();
  const scoring = page.getByTestId('model-scoring');
  await scoring.getByRole('button', { name: 'Choose all' }).click();
  await expect(scoring.getByLabel('Frames per request')).toHaveValue('4');
  await scoring.getByLabel('Frames per request').fill('3');
  await scoring.screenshot({ path: test.info().outputPath('scoring-card.png') });
  await scoring.getByRole('button', { name: 'Estimate and score…' }).click();
  const dialog = page.getByTestId('scoring-dialog');
  await expect(dialog.getByTestId('scoring-estimate')).toContainText('2 for 2 recording(s), 6 frames');
  await expect(dialog.getByTestId('consent-dialog')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('scoring-dialog-estimate.png') });

  const asked = fake.chatRequests().length; // the connection test's tiny request
  await dialog.getByRole('button', { name: 'Start scoring' }).click();
  await expect(dialog.getByTestId('scoring-progress')).toBeVisible();
  // Per recording: a run is seen asking the model before it is done.
  await expect(dialog.locator('[data-testid="scoring-result-row"][data-status="running"]').first()).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(dialog.getByTestId('scoring-outcome')).toContainText('2 of 2 recording(s) got suggestions');
  await expect(dialog.getByTestId('scoring-result-row')).toHaveText([
    /Candidate C001 · station BMV\s*done/,
    /Candidate C002 · station BMV\s*done/,
  ]);
  await expect(dialog.getByTestId('actual-input-tokens')).not.toHaveText('0');
  await expect(dialog.getByTestId('scoring-progress')).toContainText('2 of 2 finished');
  await page.screenshot({ path: test.info().outputPath('scoring-dialog-done.png') });

  const chats = fake.chatRequests().slice(asked);
  expect(chats).toHaveLength(2);
  for (const c of chats) {
    expect(c.imageCount).toBe(3);
    expect(c.texts.join('\n')).not.toContain('C001');
    // The answer format the connection test found is used from the first request on.
    expect(c.responseFormat).toEqual({ type: 'json_object' });
  }

  await dialog.getByRole('button', { name: 'Done' }).click();
  const runs = page.getByTestId('model-runs');
  await expect(runs.getByTestId('model-run-row')).toHaveCount(2);
  await expect(runs.locator('[data-testid="model-run-row"][data-status="done"]')).toHaveCount(2);
  await expect(runs).toContainText('fake-vision');
  await runs.screenshot({ path: test.info().outputPath('scoring-runs.png') });
});

test('Cancel stops a running batch: the recordings say cancelled and no run is left queued or running', async ({
  app,
}) => {
  const page = await app.open();
  await addProvider(page, 'local server', {
    name: 'Slow server',
    baseUrl: fake.url,
    model: 'fake-vision',
    frames: '2',
  });
  // The tiny requests that test a new provider are answered; the scoring requests hang.
  fake.respondWith((r) => (r.imageCount > 1 ? { kind: 'hang' } : { kind: 'valid' }));
  const dialog = await openScoring(page, 'all');
  await dialog.getByRole('button', { name: 'Start scoring' }).click();
  await expect(dialog.locator('[data-testid="scoring-result-row"][data-status="running"]')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByTestId('scoring-outcome')).toContainText('Cancelled. 0 of 2 recording(s) got suggestions');
  await expect(dialog.locator('[data-testid="scoring-result-row"][data-status="cancelled"]')).toHaveCount(2);
  const db = new Database(app.dbPath, { readonly: true });
  expect(db.prepare(`SELECT count(*) FROM model_runs WHERE status IN ('queued', 'running')`).pluck().get()).toBe(0);
  expect(db.prepare(`SELECT status FROM background_jobs`).pluck().all()).toEqual(['cancelled']);
  db.close();
});

test('a provider on another machine: the consent dialog lists what would leave it; without consent the backend refuses', async ({
  app,
}) => {
  const page = await app.open();
  const card = await addProvider(page, 'local server', {
    name: 'GPU box',
    baseUrl: 'http://gpu-box.invalid:8000/v1',
    model: 'qwen2.5vl',
    frames: '4',
  });
  await expect(card.getByTestId('providers-table')).toContainText('another machine · asks before sending');

  let dialog = await openScoring(page, 'station');
  const consent = dialog.getByTestId('consent-dialog');
  await expect(consent).toBeVisible();
  const outbound = consent.getByTestId('outbound-list');
  await expect(outbound).toContainText('4 still frames of each of the 2 recording(s)');
  await expect(outbound).toContainText("The station's rubric text: Bag-mask ventilation");
  await expect(outbound).toContainText('gpu-box.invalid:8000');
  await expect(consent).toContainText('Not sent: candidate names or codes, file names, examiner names, examiner marks');
  await expect(consent.getByTestId('consent-faces')).toContainText('Faces not masked');
  await expect(dialog).not.toContainText('C001');
  await page.screenshot({ path: test.info().outputPath('scoring-consent.png') });

  await consent.getByRole('button', { name: 'Do not send' }).click();
  await expect(dialog).toHaveCount(0);

  // The UI is not the only guard: the backend refuses such a batch by name and writes nothing.
  const refused = await page.evaluate(async () => {
    const osce = (
      window as unknown as {
        osce: Record<string, (...a: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: { name: string } }>>;
      }
    ).osce;
    const providers = (await osce.listModelProviders!()).value as { id: number }[];
    const stations = (await osce.listScoringStations!()).value as { id: number }[];
    return osce.scoreRecordings!('op-e2e-consent-1', {
      providerId: providers[0]!.id,
      recordings: { stationId: stations[0]!.id },
      task: 'score',
      mode: 'full',
    });
  });
  expect(refused).toMatchObject({ ok: false, error: { name: 'ConsentRequiredError' } });
  const db = new Database(app.dbPath, { readonly: true });
  expect(db.prepare('SELECT count(*) FROM model_runs').pluck().get()).toBe(0);
  expect(db.prepare('SELECT count(*) FROM provider_consents').pluck().get()).toBe(0);
  db.close();

  dialog = await openScoring(page, 'station');
  await dialog.getByRole('button', { name: 'Agree and continue' }).click();
  await expect(dialog.getByRole('button', { name: 'Start scoring' })).toBeVisible();
  const after = new Database(app.dbPath, { readonly: true });
  expect(after.prepare('SELECT provider_key FROM provider_consents').pluck().all()).toEqual([
    'http://gpu-box.invalid:8000',
  ]);
  after.close();
});

test('an API key typed in Settings reaches the server, yet appears nowhere in the database, its WAL, the log or an export', async ({
  app,
}) => {
  const KEY = `sk-e2e-${Date.now().toString(36)}-Zq7Xw9Lp2Mn4Kb6`;
  const page = await app.open();
  const card = await addProvider(page, 'API provider', {
    name: 'OpenAI (test)',
    baseUrl: fake.url,
    model: 'fake-vision',
    frames: '2',
  });
  const keyPanel = card.getByTestId('api-key-panel');
  await expect(keyPanel.getByTestId('api-key-state')).toContainText('No key saved');
  await keyPanel.getByLabel('API key', { exact: true }).fill(KEY);
  await keyPanel.getByRole('button', { name: 'Save key' }).click();
  await expect(keyPanel.getByTestId('api-key-state')).toContainText('A key is saved');
  await expect(keyPanel.getByLabel('Replace the key')).toHaveValue('');
  await expect(card.getByTestId('providers-table')).toContainText('saved');

  await expect(card.getByTestId('mask-faces')).toBeChecked();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByTestId('connection-verdict')).toContainText('Works');

  const dialog = await openScoring(page, 'all');
  await expect(dialog.getByTestId('batch-faces')).toHaveText('faces masked before sending');
  await dialog.getByRole('button', { name: 'Start scoring' }).click();
  // Masking searches every frame four times (upright and turned), which takes seconds on a loaded machine.
  await expect(dialog.getByTestId('scoring-outcome')).toContainText('2 of 2 recording(s) got suggestions', {
    timeout: 60_000,
  });
  await dialog.getByRole('button', { name: 'Done' }).click();
  // The frames are kept as they were sent, and the runs list says faces were masked.
  const runs = page.getByTestId('model-runs');
  await expect(runs.getByTestId('view-sent-frames').first()).toContainText('2 (faces masked)');
  await runs.getByTestId('view-sent-frames').first().click();
  await expect(page.getByTestId('sent-frame')).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath('scoring-sent-frames.png') });
  await page.getByTestId('sent-frames').getByRole('button', { name: 'Close' }).click();
  expect(fake.requests.length).toBeGreaterThanOrEqual(4);
  for (const r of fake.requests) expect(r.authorization, `${r.method} ${r.path}`).toBe(`Bearer ${KEY}`);

  const report = await page.evaluate(async () => {
    const osce = (
      window as unknown as {
        osce: Record<string, (...a: unknown[]) => Promise<{ ok: boolean; value?: { content: string } }>>;
      }
    ).osce;
    return (await osce.exportReport!({ format: 'json' })).value!.content;
  });
  const bundle = join(app.dataDir, 'exam.osce-bundle');
  const cli = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'osce.mjs'),
      'bundle',
      'export',
      '--session',
      'Year 3 OSCE',
      '--out',
      bundle,
      '--db',
      app.dbPath,
    ],
    {
      encoding: 'utf8',
    },
  );
  expect(cli.status, cli.stderr).toBe(0);

  const logFile = dataFolders(app.dbPath).logFile;
  const files = { database: app.dbPath, wal: `${app.dbPath}-wal`, log: logFile, bundle };
  for (const [what, file] of Object.entries(files)) {
    expect(existsSync(file), `${what} exists`).toBe(true);
    const bytes = readFileSync(file);
    expect(bytes.includes(KEY), `${what} holds the key`).toBe(false);
    expect(bytes.includes(KEY.slice(3, 20)), `${what} holds part of the key`).toBe(false);
  }
  // They do hold what happened (so the searches above looked in the right places).
  expect(readFileSync(bundle).includes('fake-vision')).toBe(true);
  expect(readFileSync(logFile, 'utf8')).toContain('scoring batch planned');
  expect(report).not.toContain(KEY);
  expect(JSON.stringify(app.bridge.hostCalls)).not.toContain(KEY);
});

test('on Linux without a keychain a key is refused until plain-text-equivalent storage is accepted knowingly', async ({
  app,
}) => {
  app.bridge.keychain.backend = 'basic_text';
  const page = await app.open();
  const card = await addProvider(page, 'API provider', {
    name: 'OpenAI',
    baseUrl: fake.url,
    model: 'fake-vision',
    frames: '2',
  });
  const keyPanel = card.getByTestId('api-key-panel');
  await expect(keyPanel.getByTestId('plain-text-warning')).toContainText('every copy of Chromium knows');
  await expect(keyPanel.getByLabel('API key', { exact: true })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('scoring-plain-text-warning.png'), fullPage: true });
  // Clicked, not check(): the box shows the stored setting, which changes once the backend saved it.
  await keyPanel.getByLabel('I understand, and accept').click();
  await expect(keyPanel.getByLabel('I understand, and accept')).toBeChecked();
  await keyPanel.getByLabel('API key', { exact: true }).fill('sk-accepted-knowingly-123456');
  await keyPanel.getByRole('button', { name: 'Save key' }).click();
  await expect(keyPanel.getByTestId('api-key-state')).toContainText('A key is saved');
  const db = new Database(app.dbPath, { readonly: true });
  expect(db.prepare('SELECT backend FROM secrets').pluck().all()).toEqual(['basic_text']);
  db.close();
});
