/**
 * The installation keys through the real worker thread: the worker makes them, the host encrypts
 * them with its keychain (main/secrets.ts protectSecret), and only ciphertext is on disk. A worker
 * whose host cannot open that keychain any more can read the database but not change it.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../contract/define';
import { createKeyVault } from '../../main/secrets';
import { simulatedKeychain } from '../../tests/bridge/simulated-keychain';
import { keyFilePath } from '../integrity/keys';
import { BackendWorker } from './worker-client';

const WORKER = join(import.meta.dirname, '..', '..', 'tests', 'support', 'backend-worker-source.mjs');

describe('installation keys between the host and the backend worker', () => {
  it('are kept encrypted by the host keychain; without it the database is read-only and says why', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'osce-keys-worker-')), 'osce.sqlite');
    const keychain = simulatedKeychain();
    let worker: BackendWorker;
    const vault = createKeyVault(keychain, 'linux', () => worker);
    worker = new BackendWorker(WORKER, { dbPath, appVersion: 'test' }, () => {}, {
      secretProvider: vault.secretProvider,
      protectSecret: vault.protectSecret,
    });
    await worker.ready;
    expect(worker.startupError).toBeNull();
    const file = JSON.parse(readFileSync(keyFilePath(dbPath), 'utf8')) as { protection: string; secrets?: unknown };
    expect(file.protection).toBe('keychain');
    expect(file.secrets).toBeUndefined();
    expect(await worker.call('createSession', [{ name: 'Made in the app' }])).toMatchObject({ ok: true });
    expect(await worker.call('verifyAuditTrail', [])).toMatchObject({
      ok: true,
      value: { ok: true, anchor: 'verified' },
    });
    await worker.stop();

    // The same keychain opens them again; a host without it gets a read-only database.
    worker = new BackendWorker(WORKER, { dbPath, appVersion: 'test' }, () => {}, {
      secretProvider: vault.secretProvider,
      protectSecret: vault.protectSecret,
    });
    expect(await worker.call('verifyAuditTrail', [])).toMatchObject({
      ok: true,
      value: { ok: true, anchor: 'verified' },
    });
    await worker.stop();
    worker = new BackendWorker(WORKER, { dbPath, appVersion: 'test' }, () => {});
    const sessions = (await worker.call('listSessions', [])) as Envelope<{ name: string }[]>;
    expect(sessions.ok && sessions.value.map((s) => s.name)).toEqual(['Made in the app']);
    expect(await worker.call('createSession', [{ name: 'Without the keychain' }])).toMatchObject({
      ok: false,
      error: { name: 'AuditAnchorLocked' },
    });
    await worker.stop();
  }, 60_000);
});
