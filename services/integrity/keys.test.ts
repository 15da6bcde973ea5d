/** Where this installation's signing key and anchor secret live, and what happens when they cannot be opened or are replaced. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { createSession, listSessions } from '../recordings/sessions';
import { keyFilePath, loadProtectedKeys } from './keys';
import { verifyAuditTrail } from './verify';

const open = (dbPath: string) => openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
const fresh = () => join(mkdtempSync(join(tmpdir(), 'osce-keys-')), 'osce.sqlite');

describe('installation keys', () => {
  it('the command line keeps them in a 0600 file beside the database', () => {
    const dbPath = fresh();
    open(dbPath).close();
    expect(statSync(keyFilePath(dbPath)).mode & 0o777).toBe(0o600);
    expect(statSync(`${dbPath}.audit-anchor.json`).mode & 0o777).toBe(0o600);
  });

  it('the app keeps them encrypted by the keychain it is lent; without that keychain the database is read-only, and says why', async () => {
    const dbPath = fresh();
    // A stand-in keychain: reversible, and nothing else can read what it wrote.
    const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
    const keychain = {
      protect: async (plain: string) => ({
        ciphertext: flip(Buffer.from(plain)).toString('base64'),
        backend: 'gnome_libsecret',
      }),
      reveal: async (s: { ciphertext: string }) => flip(Buffer.from(s.ciphertext, 'base64')).toString(),
    };
    const keys = await loadProtectedKeys(dbPath, keychain);
    expect(keys.protection).toBe('keychain');
    const app = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger, keys });
    createSession(app.ctx.db, { name: 'Made in the app' }, 'test');
    app.close();
    expect((await loadProtectedKeys(dbPath, keychain)).fingerprint).toBe(keys.fingerprint);

    const cli = open(dbPath);
    expect(cli.ctx.keys).toBeNull();
    expect(cli.ctx.keysLocked).toMatch(/kept in the desktop app's OS keychain/);
    expect(listSessions(cli.ctx.db).map((s) => s.name)).toEqual(['Made in the app']);
    expect(() => createSession(cli.ctx.db, { name: 'From the CLI' }, 'test')).toThrow(
      /kept in the desktop app's OS keychain/,
    );
    expect(listSessions(cli.ctx.db)).toHaveLength(1);
    cli.close();
  });

  it('a replaced key file (a new installation identity) no longer verifies the old anchor: named, not silently re-anchored', () => {
    const dbPath = fresh();
    const a = open(dbPath);
    createSession(a.ctx.db, { name: 'S' }, 'test');
    a.close();
    rmSync(keyFilePath(dbPath));
    const b = open(dbPath);
    const v = verifyAuditTrail(b.ctx.db, { dbPath, keys: b.ctx.keys });
    b.close();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.code)).toContain('alarm-recorded');
    expect(v.problems.find((p) => p.code === 'alarm-recorded')!.message).toMatch(
      /was not written with this installation's secret/,
    );
  });

  it('a damaged key file is refused by name instead of being replaced', () => {
    const dbPath = fresh();
    open(dbPath).close();
    writeFileSync(keyFilePath(dbPath), '{ not json');
    expect(() => open(dbPath)).toThrow(/is damaged \(not JSON\)/);
  });
});
