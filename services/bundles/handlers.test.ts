/** The contract calls for bundles, through the dispatcher as the app's renderer reaches them. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher } from '../backend/dispatcher';
import { createBackendHandlers } from '../backend/handlers';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { createSession } from '../recordings/sessions';
import { exportBundle } from '.';

describe('bundle calls of the contract', () => {
  it('previews the signer without writing, refuses an unconfirmed signer, imports once the shown fingerprint is confirmed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-calls-'));
    const other = openServiceContext({
      dbPath: join(dir, 'other', 'osce.sqlite'),
      appVersion: 'test',
      logger: silentLogger,
    });
    createSession(other.ctx.db, { name: 'Autumn OSCE', date: '2026-10-01' }, 'test');
    const b = exportBundle(other.ctx.db, {
      session: 'Autumn OSCE',
      out: join(dir, 'autumn.bundle'),
      workstation: 'other',
      actor: 't',
      keys: other.ctx.keys,
      label: 'Lab PC 2',
    });
    other.close();

    const here = openServiceContext({
      dbPath: join(dir, 'here', 'osce.sqlite'),
      appVersion: 'test',
      logger: silentLogger,
    });
    const d = new Dispatcher(createBackendHandlers(here.ctx), () => {}, silentLogger);
    const count = () =>
      here.ctx.db
        .prepare('SELECT (SELECT count(*) FROM exam_sessions) + (SELECT count(*) FROM trusted_signers)')
        .pluck()
        .get();
    const preview = await d.call('previewBundle', [b.file]);
    expect(preview).toMatchObject({
      ok: true,
      value: {
        preview: true,
        session: 'Autumn OSCE',
        added: { session: 1 },
        signer: { label: 'Lab PC 2', fingerprint: b.signer, trusted: false },
      },
    });
    expect(count()).toBe(0);
    expect(await d.call('importBundle', [{ file: b.file }])).toMatchObject({
      ok: false,
      error: { name: 'UnknownBundleSigner' },
    });
    expect(await d.call('importBundle', [{ file: b.file, trustSigner: 'not hex' }])).toMatchObject({
      ok: false,
      error: { name: 'InvalidArguments' },
    });
    expect(count()).toBe(0);
    const done = await d.call('importBundle', [{ file: b.file, trustSigner: b.signer }]);
    expect(done).toMatchObject({
      ok: true,
      value: { preview: false, signer: { newlyTrusted: true }, added: { session: 1 } },
    });
    expect(await d.call('listTrustedSigners', [])).toMatchObject({
      ok: true,
      value: [{ fingerprint: b.signer, label: 'Lab PC 2' }],
    });
    expect(await d.call('verifyAuditTrail', [])).toMatchObject({ ok: true, value: { ok: true, anchor: 'verified' } });
    here.close();
  });
});
