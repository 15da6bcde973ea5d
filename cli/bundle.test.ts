import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../services/backend/open';
import { createSession } from '../services/recordings/sessions';
import { silentLogger } from '../services/core/log';
import { osce } from '../tests/support/run-cli';

describe('osce bundle', () => {
  it('exports a session and imports it elsewhere; the second import changes nothing; an unknown session is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-bundle-cli-'));
    const src = join(dir, 'a.sqlite');
    const { ctx, close } = openServiceContext({ dbPath: src, appVersion: 'test', logger: silentLogger });
    createSession(ctx.db, { name: 'Autumn OSCE', date: '2026-10-01' }, 'test');
    close();

    const out = join(dir, 'autumn.bundle');
    const e = osce(['bundle', 'export', '--session', 'Autumn OSCE', '--out', out, '--db', src]);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('bundle written');

    const dst = join(dir, 'b.sqlite');
    // A workstation not known yet: refused, naming its key fingerprint, until the user confirms it.
    const unknown = osce(['bundle', 'import', out, '--db', dst]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /signed by a workstation this one does not know yet .*key fingerprint [0-9a-f]{64}.*Nothing was imported/,
    );
    const preview = osce(['bundle', 'import', out, '--db', dst, '--preview']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/NOT yet trusted/);
    expect(preview.stdout).toContain('preview only: nothing was changed');
    // The user confirms the fingerprint the preview showed (and checked it with its owner).
    const fingerprint = /key fingerprint ([0-9a-f]{64})/.exec(preview.stdout)![1]!;
    expect(preview.stdout).toContain(`import with --trust ${fingerprint}`);
    const first = osce(['bundle', 'import', out, '--db', dst, '--json', '--trust', fingerprint]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      alreadyImported: false,
      session: 'Autumn OSCE',
      added: { session: 1 },
    });
    const second = osce(['bundle', 'import', out, '--db', dst]);
    expect(second.stdout).toContain('already imported; nothing changed');
    expect(second.stdout).toMatch(/a trusted workstation/);

    const missing = osce(['bundle', 'export', '--session', 'Nope', '--out', join(dir, 'x.bundle'), '--db', src]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Exam session 'Nope' was not found");
  });
});
