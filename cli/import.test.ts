import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASTY_NAME, makeBadInput, makeTestRecording } from '../tests/support/test-media';
import type { CliIo } from './io';
import { main } from './main';
import { osce } from '../tests/support/run-cli';

let dir: string;
let videos: string;
let mp4: string;
let webm: string;
let nasty: string;
let truncated: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'osce-cli-import-'));
  videos = join(dir, 'station videos');
  mkdirSync(videos);
  mp4 = await makeTestRecording(videos, 'mp4-h264-aac', { fileName: 'cand 1.mp4', durationS: 2 });
  webm = await makeTestRecording(videos, 'webm-vp9', { fileName: 'cand 2.webm', durationS: 1 });
  nasty = await makeTestRecording(dir, 'mp4-no-audio', { fileName: `${NASTY_NAME}.mp4`, durationS: 1 });
  truncated = await makeBadInput(dir, 'truncated-mp4', 'cut off.mp4');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = (name: string) => join(dir, name, 'osce.sqlite');

describe('osce import', () => {
  it('--json prints exactly the promised shape; exit 0 when nothing failed', () => {
    const r = osce([
      'import',
      videos,
      nasty,
      '--station',
      'cpr',
      '--session',
      'Year 3 OSCE',
      '--date',
      '2026-03-14',
      '--candidate',
      'C-1',
      '--json',
      '--db',
      db('ok'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['imported', 'duplicates', 'failed']);
    expect(out.imported).toHaveLength(3);
    for (const i of out.imported) {
      expect(Object.keys(i)).toEqual([
        'id',
        'path',
        'sha256',
        'duration_s',
        'width',
        'height',
        'fps',
        'video_codec',
        'has_audio',
      ]);
    }
    expect(out.imported[0]).toMatchObject({
      path: mp4,
      width: 320,
      height: 180,
      fps: 25,
      video_codec: 'h264',
      has_audio: true,
    });
    expect(out.imported[0].duration_s).toBeCloseTo(2, 0);
    expect(out.imported[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.imported[1]).toMatchObject({ path: webm, video_codec: 'vp9' });
    expect(out.imported[2]).toMatchObject({ path: nasty, has_audio: false });
    expect(existsSync(join(dir, 'INJECTED'))).toBe(false);

    const again = osce(['import', mp4, '--station', 'cpr', '--json', '--db', db('ok')]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      imported: [],
      duplicates: [{ path: mp4, existing_id: out.imported[0].id }],
      failed: [],
    });
  });

  it('exit 1 when a file failed, the others imported, and the failure names the file and the reason', () => {
    const r = osce(['import', truncated, mp4, '--station', 'aed', '--json', '--db', db('partial')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.imported.map((i: { path: string }) => i.path)).toEqual([mp4]);
    expect(out.failed).toEqual([
      {
        path: truncated,
        error: expect.stringMatching(/"cut off.mp4" is incomplete \(the MP4\/MOV index \(moov atom\) is missing\)/),
      },
    ]);
  });

  it('prints a readable summary without --json, and no progress when stderr is not a terminal', () => {
    const r = osce(['import', truncated, webm, '--station', 'bmv', '--reference', '--db', db('text')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^imported {2}1 {2}.*cand 2\.webm {2}1\.0 s {2}320x180 {2}vp9$/m);
    expect(r.stdout).toMatch(/^FAILED {4}.*cut off\.mp4\n {10}"cut off\.mp4" is incomplete/m);
    expect(r.stdout).toContain('1 imported, 0 duplicate(s), 1 failed');
    expect(r.stderr).not.toMatch(/importing \d/);
  });

  it.each([
    [['import', 'x.mp4', '--station', 'nope'], /there is no station rubric 'nope' \(known rubrics: aed, bmv, cpr\)/],
    [['import', 'x.mp4'], /--station is required/],
    [['import', 'x.mp4', '--station', 'cpr', '--copy', '--reference'], /either --copy or --reference/],
    [
      ['import', 'x.mp4', '--station', 'cpr', '--date', '14/03/2026'],
      /--date: date '14\/03\/2026' is not in the form YYYY-MM-DD/,
    ],
    [['import', 'x.mp4', '--station', 'cpr', '--bogus'], /unknown option '--bogus'/],
    [['import', '--station', 'cpr', '--manifest', '/no/such.csv'], /Manifest "such.csv": does not exist/],
  ])('exit 2 on a usage error: %j', (args, message) => {
    const r = osce([...args, '--db', db('usage')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exit 2 for a malformed manifest, naming the line; a good manifest imports with its metadata', () => {
    const bad = join(dir, 'bad manifest.csv');
    writeFileSync(bad, 'file,candidate,date\nstation videos/cand 1.mp4,C-9,2026-02-30\n');
    const r = osce(['import', '--manifest', bad, '--station', 'cpr', '--db', db('manifest')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Manifest "bad manifest.csv", line 2: date '2026-02-30' is not a real calendar date/);

    const good = join(dir, 'good manifest.csv');
    writeFileSync(
      good,
      'file,candidate,station,session,date,room\nstation videos/cand 1.mp4,C-9,aed,Spring,2026-04-01,B2\n',
    );
    const ok = osce(['import', '--manifest', good, '--json', '--db', db('manifest')]);
    expect(ok.code).toBe(0);
    const list = JSON.parse(osce(['recordings', '--json', '--db', db('manifest')]).stdout);
    expect(list.recordings).toEqual([
      expect.objectContaining({
        path: mp4,
        candidate: 'C-9',
        rubric_id: 'aed',
        station: 'AED',
        session: 'Spring',
        file_status: 'ok',
        proxy_status: 'not_needed',
      }),
    ]);
  });
});

describe('osce import --candidate-pattern', () => {
  it("reads each file's candidate code from its name; a bad pattern is a usage error", async () => {
    const named = join(dir, 'named');
    mkdirSync(named);
    await makeTestRecording(named, 'mp4-no-audio', { fileName: 'C-101_cpr.mp4', durationS: 1 });
    await makeTestRecording(named, 'webm-vp9', { fileName: 'C-102_cpr_retake.webm', durationS: 1 });
    const store = db('pattern');
    const r = osce(['import', named, '--station', 'cpr', '--candidate-pattern', '{candidate}_*', '--db', store]);
    expect(r.code).toBe(0);
    const list = JSON.parse(osce(['recordings', '--json', '--db', store]).stdout);
    expect(list.recordings.map((x: { candidate: string }) => x.candidate).sort()).toEqual(['C-101', 'C-102']);

    const bad = osce(['import', named, '--station', 'cpr', '--candidate-pattern', 'C-*', '--db', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--candidate-pattern: the candidate pattern must contain \{candidate\} once/);
  });
});

describe('osce recordings and osce frames', () => {
  it('lists recordings, flags a referenced file that moved, and extracts frames with frames.json', () => {
    const store = db('frames');
    const moving = join(dir, 'moving.webm');
    writeFileSync(moving, readFileSync(webm));
    expect(
      osce(['import', mp4, moving, '--station', 'cpr', '--session', 'Frames', '--reference', '--db', store]).code,
    ).toBe(0);
    rmSync(moving);

    const text = osce(['recordings', '--db', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {4}1 {2}— {10}CPR {4}Frames {2}0:02 {2}320x180 {2}cand 1\.mp4$/m);
    expect(text.stdout).toMatch(/moving\.webm {2}\[FILE MISSING\]/);
    const json = JSON.parse(osce(['recordings', '--json', '--db', store]).stdout);
    expect(json.recordings.map((r: { file_status: string }) => r.file_status)).toEqual(['missing', 'ok']);

    const out = join(dir, 'frames out');
    const f = osce([
      ...['frames', '--recording', '1', '--count', '4', '--long-side', '160', '--exact-times'],
      ...['--out', out, '--db', store],
    ]);
    expect(f.stderr).toMatch(/4 frame\(s\) written/);
    expect(f.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'frames.json'), 'utf8'));
    expect(manifest.frames.map((x: { file: string }) => x.file)).toEqual([
      'frame-001.jpg',
      'frame-002.jpg',
      'frame-003.jpg',
      'frame-004.jpg',
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'frame-001.jpg',
      'frame-002.jpg',
      'frame-003.jpg',
      'frame-004.jpg',
      'frames.json',
    ]);
    const times = manifest.frames.map((x: { timestamp_s: number }) => x.timestamp_s);
    times.forEach((t: number, i: number) => expect(Math.abs(t - (i + 0.5) * 0.5)).toBeLessThan(0.1));
    const jpeg = readFileSync(join(out, 'frame-001.jpg'));
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const span = osce([
      'frames',
      '--recording',
      '1',
      '--count',
      '2',
      '--from',
      '1',
      '--to',
      '2',
      '--out',
      join(dir, 'span'),
      '--db',
      store,
    ]);
    expect(span.code).toBe(0);
    const spanTimes = JSON.parse(readFileSync(join(dir, 'span', 'frames.json'), 'utf8')).frames.map(
      (x: { timestamp_s: number }) => x.timestamp_s,
    );
    for (const t of spanTimes) expect(t >= 0.95 && t <= 2).toBe(true);

    const again = osce([
      'frames',
      '--recording',
      '1',
      '--count',
      '4',
      '--long-side',
      '160',
      '--exact-times',
      '--out',
      out,
      '--db',
      store,
    ]);
    expect(again.stderr).toMatch(/from the cache/);

    expect(osce(['frames', '--recording', '99', '--count', '4', '--out', out, '--db', store])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Recording 99 was not found/),
    });
    expect(osce(['frames', '--recording', '1', '--count', '0', '--out', out, '--db', store])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--count must be a whole number from 1 to 2000/),
    });
    expect(osce(['frames', '--recording', '2', '--count', '2', '--out', out, '--db', store])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/"moving.webm"\) is not where it was imported from/),
    });
  });
});

describe('progress and Ctrl-C', () => {
  it('draws progress (file, n/N) on stderr when it is a terminal', async () => {
    let err = '';
    const io: CliIo = { out: () => {}, err: (t) => void (err += t), errIsTty: true, env: {} };
    const code = await main(['node', 'osce', 'import', mp4, webm, '--station', 'cpr', '--db', db('tty')], io);
    expect(code).toBe(0);
    expect(err).toContain('importing 1/2: cand 1.mp4');
    expect(err).toContain('importing 2/2: cand 2.webm');
    expect(err.endsWith('\r\x1b[2K')).toBe(true); // the progress line is cleared at the end
  });

  it('Ctrl-C cancels cleanly: exit 1, finished files kept, nothing partial', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 12; i++)
      await makeTestRecording(many, 'mp4-no-audio', {
        fileName: `${String(i).padStart(2, '0')}.mp4`,
        durationS: 1 + i / 5,
      });
    const store = db('sigint');
    const child = spawn(
      process.execPath,
      [resolve(import.meta.dirname, '..', 'bin', 'osce.mjs'), 'import', many, '--station', 'cpr', '--db', store],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Interrupt once the first recording is in the database.
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(store)) continue;
      const conn = new Database(store, { readonly: true, fileMustExist: true });
      let n = 0;
      try {
        n = conn.prepare('SELECT count(*) FROM recordings').pluck().get() as number;
      } catch {
        // Tables not created yet.
      } finally {
        conn.close();
      }
      if (n > 0) break;
    }
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/cancelled: \d+ file\(s\) were not imported; nothing partial was kept/);
    const conn = new Database(store, { readonly: true });
    const rows = conn.prepare('SELECT count(*) FROM recordings').pluck().get() as number;
    const posters = conn
      .prepare('SELECT count(*) FROM recordings WHERE poster_path IS NOT NULL')
      .pluck()
      .get() as number;
    conn.close();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(12);
    const library = join(dir, 'sigint', 'library');
    const files = readdirSync(library, { recursive: true })
      .map(String)
      .filter((f) => f.includes('.'));
    // Exactly one copy and one poster per imported recording; no partial or temporary file.
    expect(files.filter((f) => f.endsWith('.mp4'))).toHaveLength(rows);
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(posters);
    expect(files.filter((f) => f.split('/').pop()!.startsWith('.'))).toEqual([]);
  });
});
