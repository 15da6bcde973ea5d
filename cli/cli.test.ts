import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../db/migrate';
import { osce } from '../tests/support/run-cli';

const root = resolve(import.meta.dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'osce-cli-'));

describe('osce command line', () => {
  it('prints help and version', () => {
    const help = osce(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: osce');
    expect(help.stdout).toContain('doctor');
    const version = osce(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on a usage error', () => {
    const r = osce(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
    expect(r.stdout).toBe('');
  });

  it('doctor reports Node, Electron, the database and ffmpeg/ffprobe', () => {
    const db = join(tmp(), 'exam.sqlite');
    const r = osce(['doctor', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Node      ${process.versions.node}`);
    expect(r.stdout).toMatch(/Electron {2}\d+\.\d+\.\d+/);
    expect(r.stdout).toContain(`Database  ${db} (did not exist: a new, empty database was created there)`);
    expect(r.stdout).toContain(`Schema    ${SCHEMA_VERSION}`);
    // The second time it is the database that now exists.
    expect(osce(['doctor', '--db', db]).stdout).toContain(`Database  ${db}\n`);
    expect(r.stdout).toMatch(/ffmpeg {4}ffmpeg version/);
    expect(r.stdout).toMatch(/ffprobe {3}ffprobe version/);
  });

  it('doctor honours OSCE_DB and prints JSON', () => {
    const db = join(tmp(), 'from-env.sqlite');
    const r = osce(['doctor', '--json'], { OSCE_DB: db });
    const report = JSON.parse(r.stdout);
    expect(report.database).toBe(db);
    expect(report.ok).toBe(true);
    expect(report.ffprobe.path).toBeTruthy();
  });

  it('doctor exits 1 naming the problem when the database is from a newer version, and leaves it alone', () => {
    const file = join(tmp(), 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    raw.close();
    const before = readFileSync(file);
    const r = osce(['doctor', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^missing: database: .*newer version of the app/m);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });
  it('takes --db before the command as well as after it, and prints a result as JSON with --json', () => {
    const dir = tmp();
    const db = join(dir, 'exam.sqlite');
    const before = osce(['--db', db, 'backup', '--out', join(dir, 'one.sqlite'), '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ file: join(dir, 'one.sqlite'), pages: expect.any(Number) });
    expect(existsSync(db)).toBe(true);
    const after = osce(['backup', '--out', join(dir, 'two.sqlite'), '--db', db]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^backup written: .*two\.sqlite/);
    expect(osce(['--db', db, 'rubrics', '--json']).stdout).toContain('"cpr"');
    expect(osce(['agreement', '--help']).stdout).not.toContain('--db');
  });
});
