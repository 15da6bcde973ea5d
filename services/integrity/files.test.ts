/**
 * Security review A8: the audit anchor and every atomically written file are written through a
 * new temporary file opened with O_EXCL (and O_NOFOLLOW), never by opening a name that someone
 * else could have made a symbolic link: a link planted beside the database must not turn the
 * app's write into an overwrite of another file.
 */
import { describe, expect, it } from 'vitest';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { createSession } from '../recordings/sessions';
import { anchorFilePath } from './anchor';
import { writeFileAtomic } from './files';

const tmp = () => mkdtempSync(join(tmpdir(), 'osce-a8-'));

describe('no write follows a planted symbolic link (security review A8)', () => {
  it('a link planted at the anchor’s temporary name is not written through; the anchor still moves', () => {
    const dir = tmp();
    const dbPath = join(dir, 'osce.sqlite');
    const victim = join(dir, 'victim-notes.txt');
    writeFileSync(victim, 'precious\n');
    const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
    symlinkSync(victim, `${anchorFilePath(dbPath)}.partial`);
    createSession(ctx.db, { name: 'After the link' }, 'test');
    close();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const anchor = JSON.parse(readFileSync(anchorFilePath(dbPath), 'utf8')) as { head: { seq: number } };
    expect(anchor.head.seq).toBeGreaterThan(3);
    expect(lstatSync(anchorFilePath(dbPath)).isSymbolicLink()).toBe(false);
  });

  it('writeFileAtomic neither follows a link at its temporary name nor at the target (the link is replaced)', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const out = join(dir, 'report.html');
    symlinkSync(victim, `${out}.partial`);
    writeFileAtomic(out, '<p>report</p>');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(out, 'utf8')).toBe('<p>report</p>');

    const linked = join(dir, 'linked.html');
    symlinkSync(victim, linked);
    writeFileAtomic(linked, 'new');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(linked).isSymbolicLink()).toBe(false);
    // Only the planted links and the outputs remain: no temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual(['linked.html', 'report.html', 'report.html.partial', 'victim.txt']);
  });
});
