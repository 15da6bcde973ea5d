import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLogger, redact, redactCandidatesFrom, registerSecret } from './log';
import { openServiceContext } from '../backend/open';

const dir = mkdtempSync(join(tmpdir(), 'osce-log-'));
afterAll(() => {
  redactCandidatesFrom(() => []);
  rmSync(dir, { recursive: true, force: true });
});

describe('redaction', () => {
  it('hides a registered API key and anything shaped like one', () => {
    registerSecret('lab-key-0123456789');
    expect(redact('auth failed for lab-key-0123456789 at https://api')).toBe(
      'auth failed for [redacted] at https://api',
    );
    expect(redact('header Bearer abcdefghijklmnop and sk-proj-ABCDEFGH12345')).toBe('header [redacted] and [redacted]');
  });

  it('hides candidate codes as whole words, whatever their case', () => {
    redactCandidatesFrom(() => ['Jane Doe', 'C-07', 'A1']);
    expect(redact('import failed: /exams/jane doe_cpr.mp4 (candidate C-07)')).toBe(
      'import failed: /exams/[candidate]_cpr.mp4 (candidate [candidate])',
    );
    // "A1" inside "A12" or "CA1" is another code, not this one.
    expect(redact('stations A12 and CA1; candidate A1')).toBe('stations A12 and CA1; candidate [candidate]');
  });

  it('finds a code that starts with punctuation, and not one word of a longer code', () => {
    redactCandidatesFrom(() => ['#12', 'Mary Ann Lee']);
    expect(redact('seat #12 and 12; Mary Ann is someone else; mary ann lee left')).toBe(
      'seat [candidate] and 12; Mary Ann is someone else; [candidate] left',
    );
  });

  it('stays fast for a whole cohort: 10,000 codes, one scan per line', () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `S${String(i).padStart(5, '0')}`);
    redactCandidatesFrom(() => codes);
    const line = `slow call {"call":"listReviewRecordings","ms":57} candidate S00042 ${'x'.repeat(500)}`;
    expect(redact(line)).toContain('candidate [candidate] x');
    const started = performance.now();
    for (let i = 0; i < 100; i++) redact(line);
    // A regular expression per code took about 5 s per line here.
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });

  it('still writes the line when listing candidates fails (a closed database)', () => {
    redactCandidatesFrom(() => {
      throw new Error('database closed');
    });
    expect(redact('plain line')).toBe('plain line');
  });
});

describe('fileLogger', () => {
  it('writes JSON lines with keys and candidate codes redacted', () => {
    const file = join(dir, 'logs', 'worker.log');
    redactCandidatesFrom(() => ['Jane Doe']);
    registerSecret('sk-live-secret-000111');
    const log = fileLogger(file);
    log.warn('call failed', { message: 'Recording of Jane Doe: provider refused key sk-live-secret-000111' });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'call failed',
      message: 'Recording of [candidate]: provider refused key [redacted]',
    });
    expect(readFileSync(file, 'utf8')).not.toMatch(/Jane|sk-live/);
  });

  it('rotates at 1 MiB and keeps three old files', () => {
    const file = join(dir, 'rotating', 'main.log');
    const log = fileLogger(file);
    const filler = 'x'.repeat(10_000);
    for (let i = 0; i < 500; i++) log.info('filler', { i, filler });
    const names = readdirSync(join(dir, 'rotating')).sort();
    expect(names).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    expect(existsSync(join(dir, 'rotating', 'main.4.log'))).toBe(false);
    const newest = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(newest[newest.length - 1]!)).toMatchObject({ i: 499 });
  });

  it('never throws when the folder cannot be written', () => {
    // A file where the logs folder should be: nothing can be created under it.
    writeFileSync(join(dir, 'blocker'), '');
    const log = fileLogger(join(dir, 'blocker', 'logs', 'main.log'));
    expect(() => log.error('still running')).not.toThrow();
  });
});

describe("the backend's log", () => {
  it('hides the candidate codes stored in its database, including ones added after it opened', () => {
    const logFile = join(dir, 'backend', 'worker.log');
    const { ctx, close } = openServiceContext({
      dbPath: join(dir, 'backend', 'osce.sqlite'),
      appVersion: 'test',
      logFile,
    });
    try {
      const add = ctx.db.prepare("INSERT INTO candidates (code, created_at) VALUES (?, '2026-01-01T00:00:00Z')");
      add.run('Maria Rossi');
      ctx.log.warn('import failed', { file: '/exams/maria rossi - cpr.mp4' });
      add.run('Tom Baker');
      ctx.log.warn('import failed', { file: '/exams/Tom Baker.mov' });
    } finally {
      close();
    }
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('/exams/[candidate] - cpr.mp4');
    expect(text).toContain('/exams/[candidate].mov');
    expect(text).not.toMatch(/maria|baker/i);
  });
});
