/**
 * Security review B: trusting a bundle's signer takes the fingerprint the user checked
 * (`--trust FINGERPRINT`, as the app's import does), never "whoever signed it"; and an unknown
 * signer is refused from the signed manifest, before the bundle's records are read at all.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../services/backend/open';
import { createSession } from '../services/recordings/sessions';
import { silentLogger } from '../services/core/log';
import { osce } from '../tests/support/run-cli';

function exported() {
  const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-trust-'));
  const src = join(dir, 'a.sqlite');
  const { ctx, close } = openServiceContext({ dbPath: src, appVersion: 'test', logger: silentLogger });
  createSession(ctx.db, { name: 'Autumn OSCE', date: '2026-10-01' }, 'test');
  const fingerprint = ctx.keys!.fingerprint;
  close();
  const out = join(dir, 'autumn.osce-bundle');
  expect(osce(['bundle', 'export', '--session', 'Autumn OSCE', '--out', out, '--db', src]).code).toBe(0);
  return { dir, out, fingerprint, dst: join(dir, 'b.sqlite') };
}

describe('osce bundle import --trust FINGERPRINT', () => {
  it('trusts only the signer whose fingerprint was given; a bare --trust is a usage error', () => {
    const { out, fingerprint, dst } = exported();
    const bare = osce(['bundle', 'import', out, '--db', dst, '--trust']);
    expect(bare.code).toBe(2);
    const other = osce(['bundle', 'import', out, '--db', dst, '--trust', 'ab'.repeat(32)]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`key fingerprint ${fingerprint}`);
    expect(other.stderr).toMatch(/Nothing was imported/);
    const right = osce(['bundle', 'import', out, '--db', dst, '--trust', fingerprint, '--json']);
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ signer: { fingerprint, newlyTrusted: true } });
  });

  it('an unknown signer is refused before any record is read (a damaged record is not even reached)', () => {
    const { out, dst } = exported();
    const raw = new Database(out);
    raw
      .prepare(`UPDATE bundle_entries SET sha256 = ? WHERE rowid = (SELECT min(rowid) FROM bundle_entries)`)
      .run('0'.repeat(64));
    raw.close();
    const r = osce(['bundle', 'import', out, '--db', dst]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not know yet/);
    expect(r.stderr).not.toMatch(/bad checksum/);
  });
});
