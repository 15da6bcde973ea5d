import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { builtinRubric } from '../../domain/rubric/builtin';
import { makeTestRecording } from '../support/test-media';
import { examiner, openReviewTestDb, seedRecordings } from '../support/review-fixtures';
import { osce } from '../support/run-cli';

const root = resolve(import.meta.dirname, '..', '..');

function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function count(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Every visible file under dir (hidden temp files of an interrupted copy are swept later by age). */
function visibleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.startsWith('.')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

describe('a killed process loses nothing it saved and duplicates nothing on restart', () => {
  it('import: SIGKILL mid-batch, then the same import finishes the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-crash-import-'));
    const videos = join(dir, 'videos');
    mkdirSync(videos);
    // Different lengths, so every file has its own bytes and hash.
    for (let i = 0; i < 8; i++)
      await makeTestRecording(videos, 'mp4-h264-aac', { durationS: 2 + i * 0.4, fileName: `candidate-${i}.mp4` });
    const dbPath = join(dir, 'osce.sqlite');
    const args = ['import', videos, '--station', 'cpr', '--session', 'Crash test', '--db', dbPath, '--json'];

    const child = spawn(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], { cwd: root, stdio: 'ignore' });
    const killedAfter = await new Promise<number>((res, rej) => {
      const poll = setInterval(() => {
        let n: number;
        try {
          n = count(dbPath, 'SELECT count(*) FROM recordings');
        } catch {
          return; // not created yet
        }
        if (n >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
          res(n);
        }
      }, 15);
      child.once(
        'exit',
        (code, signal) =>
          signal !== 'SIGKILL' && (clearInterval(poll), rej(new Error(`import ended before the kill (${code})`))),
      );
    });
    await new Promise((r) => child.once('exit', r));
    expect(integrity(dbPath)).toBe('ok');
    const survived = count(dbPath, 'SELECT count(*) FROM recordings');
    expect(survived).toBeGreaterThanOrEqual(killedAfter);
    expect(survived).toBeLessThan(8);

    const again = osce(args);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout) as { imported: unknown[]; duplicates: unknown[]; failed: unknown[] };
    expect(out.failed).toEqual([]);
    expect(out.imported.length + out.duplicates.length).toBe(8);
    expect(out.duplicates).toHaveLength(survived);
    expect(count(dbPath, 'SELECT count(*) FROM recordings')).toBe(8);
    expect(count(dbPath, 'SELECT count(DISTINCT sha256) FROM recordings')).toBe(8);
    expect(integrity(dbPath)).toBe('ok');

    // Every visible file in the library belongs to a recording (no half-imported leftovers).
    const db = new Database(dbPath, { readonly: true });
    const referenced = new Set<string>();
    for (const r of db.prepare('SELECT stored_path, poster_path, proxy_path FROM recordings').all() as Record<
      string,
      string | null
    >[]) {
      for (const p of Object.values(r)) if (p) referenced.add(resolve(join(dir, 'library'), p));
    }
    db.close();
    const orphans = visibleFiles(join(dir, 'library')).filter((f) => !referenced.has(resolve(f)));
    expect(orphans.map((f) => relative(dir, f))).toEqual([]);
  });

  it('marking: SIGKILL mid-checklist keeps every step saved before the kill; the examiner carries on', async () => {
    const { db, dbPath } = openReviewTestDb();
    const { recordingIds } = seedRecordings(db, { rubricId: 'cpr', candidates: ['K-1'] });
    const ex = examiner(db, 'Dr Crash');
    db.close();
    const recordingId = recordingIds[0]!;
    const steps = builtinRubric('cpr')!.steps;

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'crash-marking-child.ts'),
        dbPath,
        String(recordingId),
        String(ex),
        '0',
        '40',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const saved: string[] = [];
    await new Promise<void>((res) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('saved ')) saved.push(line.slice(6));
        if (saved.length === 8 && !child.killed) {
          child.kill('SIGKILL');
          res();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(integrity(dbPath)).toBe('ok');

    const raw = new Database(dbPath, { readonly: true });
    const rows = raw
      .prepare(`SELECT step_id, score FROM step_scores WHERE recording_id = ? AND rater_id = ? ORDER BY id`)
      .all(recordingId, ex) as { step_id: string; score: number }[];
    raw.close();
    for (const stepId of saved) {
      const i = steps.findIndex((s) => s.id === stepId);
      expect(rows.find((r) => r.step_id === stepId)?.score, stepId).toBe(
        steps[i]!.allowed_scores[i % steps[i]!.allowed_scores.length],
      );
    }

    // Restart where the examiner left off: the checklist completes with one row per step.
    const resume = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'crash-marking-child.ts'),
        dbPath,
        String(recordingId),
        String(ex),
        String(rows.length),
        '0',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    createInterface({ input: resume.stdout! }).on('line', (l) => lines.push(l));
    const code = await new Promise((r) => resume.once('exit', r));
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('submitted');
    expect(
      count(dbPath, `SELECT count(*) FROM step_scores WHERE recording_id = ${recordingId} AND rater_id = ${ex}`),
    ).toBe(steps.length);
    expect(
      count(
        dbPath,
        `SELECT count(*) FROM markings WHERE recording_id = ${recordingId} AND rater_id = ${ex} AND status = 'submitted'`,
      ),
    ).toBe(1);
    expect(integrity(dbPath)).toBe('ok');
  });
});
